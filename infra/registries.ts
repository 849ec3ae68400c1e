/**
 * One registry per target, holding the images built for the services deployed there:
 * ACR for Container Apps, ECR for Fargate, OCIR for OCI, the loopback registry for local.
 */
import * as dns from "node:dns/promises";
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { standardTags, type Problem } from "@crossarch/components/model";
import { AcrRegistry, type AcrTokenExchange } from "@crossarch/components/azure";
import { EcrRegistry } from "@crossarch/components/aws";
import { LocalRegistry, assertLocalMachineReady, type Probes } from "@crossarch/components/local";
import { GenericRegistry, type ImageRegistry } from "@crossarch/components/registry";
import { OcirRegistry } from "@crossarch/components/oci";
import { ConfigError, NAMESPACE } from "./config";
import { targetArches, type StackPlan } from "./plan";
import type { TargetProviders } from "./providers";

/** What the targets share with later components. */
export interface TargetFoundations {
  registries: Record<string, ImageRegistry>;
  /** Release registries (crossarch:registries), by name. */
  releaseRegistries: Record<string, ImageRegistry>;
  /** Azure resource group per ACA target. */
  resourceGroups: Record<string, resources.ResourceGroup>;
}

/** The built images (not refs) each target runs. */
export function builtImagesOn(plan: StackPlan, target: string): string[] {
  const names = plan.deployments.filter((d) => d.target === target).map((d) => d.image);
  return [...new Set(names)].filter((name) => plan.config.images[name].build !== undefined);
}

export function createRegistries(plan: StackPlan, providers: TargetProviders, acrTokenExchange?: AcrTokenExchange): TargetFoundations {
  const config = new pulumi.Config(NAMESPACE);
  const out: TargetFoundations = { registries: {}, releaseRegistries: {}, resourceGroups: {} };
  for (const [name, r] of Object.entries(plan.config.registries)) {
    out.releaseRegistries[name] = new GenericRegistry(`release-${name}`, {
      server: r.server,
      ...(r.namespace !== undefined && { namespace: r.namespace }),
      ...(r.username !== undefined &&
        r.passwordSecret !== undefined && { username: r.username, password: config.requireSecret(r.passwordSecret) }),
    });
  }
  for (const [name, target] of Object.entries(plan.config.targets)) {
    const images = builtImagesOn(plan, name);
    const tags = standardTags({ arch: targetArches(target)[0], app: plan.app, stack: plan.stack });
    const provider = providers[name];
    const opts = provider ? { provider } : {};
    switch (target.kind) {
      case "aca": {
        const rg = new resources.ResourceGroup(name, {
          location: target.location,
          ...(target.resourceGroup && { resourceGroupName: target.resourceGroup }),
          tags,
        });
        out.resourceGroups[name] = rg;
        if (images.length > 0) {
          out.registries[name] = new AcrRegistry(name, {
            resourceGroupName: rg.name,
            location: target.location,
            namespace: plan.app,
            ...(target.registry.name && { registryName: target.registry.name }),
            tags,
            ...(acrTokenExchange && { tokenExchange: acrTokenExchange }),
          });
        }
        break;
      }
      case "fargate":
        if (images.length > 0) out.registries[name] = new EcrRegistry(name, { namespace: plan.app, images, tags }, opts);
        break;
      case "oci":
        if (images.length > 0) {
          out.registries[name] = new OcirRegistry(
            name,
            {
              compartmentId: target.compartmentId,
              region: target.region,
              tenancyNamespace: target.registry.namespace,
              namespace: plan.app,
              images,
              username: target.registry.username,
              authToken: config.requireSecret(target.registry.passwordSecret),
              freeformTags: tags,
            },
            opts,
          );
        }
        break;
      case "local": {
        const password = target.registry.passwordSecret ? config.requireSecret(target.registry.passwordSecret) : undefined;
        out.registries[name] = new LocalRegistry(name, {
          address: target.registry.address,
          resolvesToLoopback: true, // checked by assertLocalRegistriesOnLoopback before anything was registered
          tls: target.registry.tls,
          namespace: plan.app,
          ...(target.registry.username !== undefined && { username: target.registry.username }),
          ...(password !== undefined && { password }),
        });
        break;
      }
    }
  }
  return out;
}

/** Disk space a local target needs free where images and builds go. */
const LOCAL_DISKS = [
  { path: "/var/lib/docker", minFreeGiB: 2 },
  { path: "/var/lib/crossarch-buildkit", minFreeGiB: 2 },
];

/** Every local target's machine pieces answer (engine, registry, builder, QEMU, disk), before anything is registered. */
export async function assertLocalMachinesReady(plan: StackPlan, probes?: Probes): Promise<void> {
  for (const [name, target] of Object.entries(plan.config.targets)) {
    if (target.kind !== "local") continue;
    const builds = plan.deployments.some((d) => d.target === name && plan.config.images[d.image].build !== undefined);
    await assertLocalMachineReady(
      name,
      {
        dockerSocket: "/var/run/docker.sock",
        registry: target.registry.address,
        ...(builds && plan.config.builder !== undefined && { builder: plan.config.builder }),
        arches: targetArches(target),
        disks: LOCAL_DISKS,
      },
      probes,
    );
  }
}

/** Every local target's registry host must resolve to loopback only, so pushes never leave the machine. */
export async function assertLocalRegistriesOnLoopback(plan: StackPlan, lookup = defaultLookup): Promise<void> {
  const problems: Problem[] = [];
  for (const [name, target] of Object.entries(plan.config.targets)) {
    if (target.kind !== "local") continue;
    const host = target.registry.address.replace(/:\d+$/, "");
    const addresses = await lookup(host).catch((e: Error) => [`unresolvable (${e.message})`]);
    const foreign = addresses.filter((a) => !/^127\./.test(a) && a !== "::1");
    if (foreign.length > 0 || addresses.length === 0) {
      problems.push({
        path: ["targets", name, "registry", "address"],
        message: `${host} resolves to ${addresses.join(", ") || "nothing"}; a local registry must be on 127.0.0.0/8 only`,
      });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
}

async function defaultLookup(host: string): Promise<string[]> {
  const found = await dns.lookup(host, { all: true });
  return found.map((a) => a.address);
}
