/**
 * crossarch components: the cloud-neutral model (arch table, profiles, sizing grids,
 * health ranges, tags), multi-arch images, registries and the arch guard.
 * Import from `crossarch/components`.
 */
export * from "./arch";
export * from "./health";
export * from "./problems";
export * from "./profile";
export * from "./tags";
export * from "./target-kind";
export * from "./units";
export * from "./sizing/aca";
export * from "./sizing/budget";
export * from "./sizing/fargate";
export * from "./sizing/local";
export * from "./sizing/oci";
export * from "./sizing/size";
export * from "./image/arch-guard";
export * from "./image/image-ref";
export * from "./image/multi-arch-image";
export * from "./image/read-platforms";
export * from "./registry/acr";
export * from "./registry/acr-token";
export * from "./registry/ecr";
export * from "./registry/local";
export * from "./registry/login";
export * from "./registry/ocir";
