/**
 * One explicit provider per cloud target that has a region of its own, so a stack can
 * deploy to several regions and no resource depends on ambient provider config. The providers
 * are imported by module, not through the packages' indexes (see components/sdk/).
 */
import { Provider as AwsProvider } from "@pulumi/aws/provider";
import type { Region } from "@pulumi/aws/types/enums";
import { Provider as OciProvider } from "@pulumi/oci/provider";
import type * as pulumi from "@pulumi/pulumi";
import type { StackPlan } from "./plan";

/** Target name -> its provider (targets that use the default provider are absent). */
export type TargetProviders = Record<string, pulumi.ProviderResource>;

export function createProviders(plan: StackPlan): TargetProviders {
  const providers: TargetProviders = {};
  for (const [name, target] of Object.entries(plan.config.targets)) {
    if (target.kind === "fargate") providers[name] = new AwsProvider(name, { region: target.region as Region });
    if (target.kind === "oci") providers[name] = new OciProvider(name, { region: target.region });
  }
  return providers;
}
