/**
 * `@crossarch/components/model`: the cloud-neutral model, pure functions with no cloud SDK: the
 * arch table, per-arch profiles, each target's size grid and health ranges, budgets, tags, the
 * arch guard, memory units and CIDR helpers, and the target-neutral service description.
 */
export * from "../model/arch";
export * from "../model/health";
export * from "../model/problems";
export * from "../model/profile";
export * from "../model/tags";
export * from "../model/kind";
export * from "../model/units";
export * from "../azure/sizing";
export * from "../model/budget";
export * from "../aws/sizing";
export * from "../local/sizing";
export * from "../oci/sizing";
export * from "../model/size";
export * from "../image/arch-guard";
export * from "../image/image-ref";
export * from "../model/cidr";
export * from "../model/service";
export * from "../model/ports";
export * from "../model/connections";
export * from "../model/support";
export * from "../model/volumes";
export * from "../model/jobs";
export * from "../model/costs";
export * from "../model/secrets";
export * from "../kinds";
export * as schemaParts from "../model/schema-parts";
export { nearestWord, distance } from "../model/near";
