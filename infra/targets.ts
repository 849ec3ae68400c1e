/**
 * Every target of the stack, from the same plan: the services deployed there as the plan
 * describes them (`ServiceSpec`), with the image reference and the secrets resolved, handed to
 * the kind's deployer with its registry.
 */
import type { MultiArchImage } from "@crossarch/components/image";
import type { DeployedService, DeployOptions } from "@crossarch/components/model";
import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE } from "./config";
import { imageRefFor } from "./images";
import type { StackPlan } from "./plan";
import type { Deployers, TargetProviders } from "./providers";
import { deployContext, type TargetFoundations } from "./registries";

/** The services a target runs, as its component takes them: the plan's description, its reference and secrets resolved. */
export function targetServices(
  plan: StackPlan,
  target: string,
  images: Record<string, MultiArchImage>,
  platforms: Record<string, string[]>,
  /** External refs pinned to a digest at preview. */
  pinned: Record<string, string> = {},
): DeployedService[] {
  const config = new pulumi.Config(NAMESPACE);
  return plan.deployments
    .filter((d) => d.target === target)
    .map((d) => ({
      ...d,
      image: { ...d.image, ref: imageRefFor(plan, images, d, pinned), platforms: platforms[d.image.name] ?? [] },
      secretEnv: Object.fromEntries(Object.entries(d.secretEnv).map(([name, key]) => [name, config.requireSecret(key)])),
    }));
}

/** What each target exposes: service name -> URL. */
export type TargetUrls = Record<string, Record<string, pulumi.Output<string>>>;

/** Targets that run every arch side by side list every replica, public or not: `<service>/<arch>/<replica>` -> URL. */
export type TargetEndpoints = Record<string, Record<string, string>>;

/** Create every target that runs a service. */
export function createTargets(
  plan: StackPlan,
  providers: TargetProviders,
  deployers: Deployers,
  foundations: TargetFoundations,
  images: Record<string, MultiArchImage>,
  platforms: Record<string, string[]>,
  pinned: Record<string, string> = {},
  options: DeployOptions = {},
): { urls: TargetUrls; endpoints: TargetEndpoints } {
  const urls: TargetUrls = {};
  const endpoints: TargetEndpoints = {};
  for (const [name, target] of Object.entries(plan.config.targets)) {
    const services = targetServices(plan, name, images, platforms, pinned);
    if (services.length === 0) continue;
    const registry = foundations.registries[name];
    const made = deployers[target.kind].deploy({
      ...deployContext(plan, name, providers, options),
      services,
      ...(registry && { registry }),
      ...(name in foundations.shared && { shared: foundations.shared[name] }),
    });
    urls[name] = Object.fromEntries(Object.entries(made.urls).map(([k, v]) => [k, pulumi.output(v)]));
    if (made.endpoints) endpoints[name] = made.endpoints;
  }
  return { urls, endpoints };
}
