/**
 * One explicit provider per cloud target that has a region of its own, so a stack can
 * deploy to several regions and no resource depends on ambient provider config.
 */
import * as aws from "@pulumi/aws";
import * as oci from "@pulumi/oci";
import type * as pulumi from "@pulumi/pulumi";
import type { StackPlan } from "./plan";

/** Target name -> its provider (targets that use the default provider are absent). */
export type TargetProviders = Record<string, pulumi.ProviderResource>;

export function createProviders(plan: StackPlan): TargetProviders {
  const providers: TargetProviders = {};
  for (const [name, target] of Object.entries(plan.config.targets)) {
    if (target.kind === "fargate") providers[name] = new aws.Provider(name, { region: target.region as aws.Region });
    if (target.kind === "oci") providers[name] = new oci.Provider(name, { region: target.region });
  }
  return providers;
}
