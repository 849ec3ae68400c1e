/**
 * One registry per target, holding the images built for the services deployed there:
 * ACR for Container Apps, ECR for Fargate, OCIR for OCI, the loopback registry for local.
 */
import * as resources from "@pulumi/azure-native/resources";
import * as pulumi from "@pulumi/pulumi";
import { standardTags } from "../components/tags";
import { AcrRegistry } from "../components/registry/acr";
import type { AcrTokenExchange } from "../components/registry/acr-token";
import { EcrRegistry } from "../components/registry/ecr";
import { LocalRegistry } from "../components/registry/local";
import type { ImageRegistry } from "../components/registry/login";
import { OcirRegistry } from "../components/registry/ocir";
import { NAMESPACE } from "./config";
import { targetArches, type StackPlan } from "./plan";
import type { TargetProviders } from "./providers";

/** What the targets share with later components. */
export interface TargetFoundations {
  registries: Record<string, ImageRegistry>;
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
  const out: TargetFoundations = { registries: {}, resourceGroups: {} };
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
