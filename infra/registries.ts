/**
 * One registry per target, holding the images built for the services deployed there (each
 * kind's deployer makes its own: ACR, ECR, OCIR, the loopback registry), and the release
 * registries of `crossarch:registries`.
 */
import * as pulumi from "@pulumi/pulumi";
import { kindOf, standardTags, type DeployContext, type DeployOptions, type Problem } from "@crossarch/components/model";
import { GenericRegistry, type ImageRegistry } from "@crossarch/components/registry";
import { ConfigError, NAMESPACE } from "./config";
import { targetArches, type StackPlan } from "./plan";
import type { Deployers, TargetProviders } from "./providers";

/** What the targets share with later components. */
export interface TargetFoundations {
  registries: Record<string, ImageRegistry>;
  /** Release registries (crossarch:registries), by name. */
  releaseRegistries: Record<string, ImageRegistry>;
  /** What each target's deployer made for its component (Azure: the resource group). */
  shared: Record<string, unknown>;
}

/** The built images (not refs) each target runs. */
export function builtImagesOn(plan: StackPlan, target: string): string[] {
  const names = plan.deployments.filter((d) => d.target === target).map((d) => d.image.name);
  return [...new Set(names)].filter((name) => plan.config.images[name].build !== undefined);
}

/** What every deployer call of one target gets. */
export function deployContext(
  plan: StackPlan,
  name: string,
  providers: TargetProviders,
  options: DeployOptions,
): DeployContext<StackPlan["config"]["targets"][string]> {
  const target = plan.config.targets[name];
  const config = new pulumi.Config(NAMESPACE);
  return {
    name,
    target,
    app: plan.app,
    stack: plan.stack,
    tags: standardTags({ arch: targetArches(target)[0], app: plan.app, stack: plan.stack }),
    opts: providers[name] ? { provider: providers[name] } : {},
    secret: (key) => config.requireSecret(key),
    options,
  };
}

export function createRegistries(
  plan: StackPlan,
  providers: TargetProviders,
  deployers: Deployers,
  options: DeployOptions,
): TargetFoundations {
  const config = new pulumi.Config(NAMESPACE);
  const out: TargetFoundations = { registries: {}, releaseRegistries: {}, shared: {} };
  for (const [name, r] of Object.entries(plan.config.registries)) {
    out.releaseRegistries[name] = new GenericRegistry(`release-${name}`, {
      server: r.server,
      ...(r.namespace !== undefined && { namespace: r.namespace }),
      ...(r.username !== undefined &&
        r.passwordSecret !== undefined && { username: r.username, password: config.requireSecret(r.passwordSecret) }),
    });
  }
  for (const [name, target] of Object.entries(plan.config.targets)) {
    const made = deployers[target.kind].foundation({
      ...deployContext(plan, name, providers, options),
      builtImages: builtImagesOn(plan, name),
    });
    if (made.registry) out.registries[name] = made.registry;
    if (made.shared !== undefined) out.shared[name] = made.shared;
  }
  return out;
}

/** Each target's checks of the machine and network (the local engine, its loopback registry), before anything is registered. */
export async function preflightTargets(plan: StackPlan, deployers: Deployers, options: DeployOptions): Promise<void> {
  const problems: Problem[] = [];
  for (const [name, target] of Object.entries(plan.config.targets)) {
    const preflight = deployers[target.kind].preflight;
    if (!preflight) continue;
    const builds = plan.deployments.some((d) => d.target === name && plan.config.images[d.image.name].build !== undefined);
    problems.push(
      ...(await preflight({ name, target, builds, ...(plan.config.builder !== undefined && { builder: plan.config.builder }), options })),
    );
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

/** Load the deployers of the kinds the stack uses (each kind's SDK loads only here). */
export async function loadDeployers(plan: StackPlan): Promise<Deployers> {
  const kinds = [...new Set(Object.values(plan.config.targets).map((t) => t.kind))];
  return Object.fromEntries(await Promise.all(kinds.map(async (k) => [k, (await kindOf(k).load()) as Deployers[string]] as const)));
}
