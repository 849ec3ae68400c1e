/**
 * One explicit provider per cloud target that has a region of its own (each kind's deployer
 * says whether it makes one), so a stack can deploy to several regions and no resource depends
 * on ambient provider config.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { KindDeployer } from "@crossarch/components/model";
import type { StackPlan } from "./plan";

/** Target name -> its provider (targets that use the default provider are absent). */
export type TargetProviders = Record<string, pulumi.ProviderResource>;

/** Each used kind's deployer, by kind name. */
export type Deployers = Record<string, KindDeployer<unknown>>;

export function createProviders(plan: StackPlan, deployers: Deployers): TargetProviders {
  const providers: TargetProviders = {};
  for (const [name, target] of Object.entries(plan.config.targets)) {
    const provider = deployers[target.kind].provider?.(name, target);
    if (provider) providers[name] = provider;
  }
  return providers;
}
