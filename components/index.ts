/**
 * crossarch components: the cloud-neutral model (arch table, profiles, sizing grids,
 * health ranges, tags). Import from `crossarch/components`.
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
