/**
 * `@crossarch/components/model`: the cloud-neutral model, pure functions with no cloud SDK: the
 * arch table, per-arch profiles, each target's size grid and health ranges, budgets, tags, the
 * arch guard, memory units and CIDR helpers, and the target-neutral service description.
 */
export * from "../arch";
export * from "../health";
export * from "../problems";
export * from "../profile";
export * from "../tags";
export * from "../target-kind";
export * from "../units";
export * from "../sizing/aca";
export * from "../sizing/budget";
export * from "../sizing/fargate";
export * from "../sizing/local";
export * from "../sizing/oci";
export * from "../sizing/size";
export * from "../image/arch-guard";
export * from "../image/image-ref";
export * from "../targets/cidr";
export * from "../targets/service";
export * from "../targets/ports";
export * from "../targets/connections";
export * from "../targets/support";
export * from "../targets/volumes";
export * from "../targets/jobs";
