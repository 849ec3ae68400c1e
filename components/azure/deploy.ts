/** Deploying an `aca` target: its resource group, ACR (pulled with a managed identity) and the AcaTarget component. */
import * as resources from "@pulumi/azure-native/resources";
import type { KindDeployer } from "../model/kind";
import { AcaTarget } from "./aca";
import { AcrRegistry } from "./acr";
import { acrTokenExchange, type AcrTokenExchange } from "./acr-token";
import type { AcaTargetConfig } from "./schema";

/** What the target component gets from the foundation: its resource group. */
interface AcaShared {
  resourceGroup: resources.ResourceGroup;
}

export const acaDeployer: KindDeployer<AcaTargetConfig, AcaShared> = {
  foundation(ctx) {
    const t = ctx.target;
    const resourceGroup = new resources.ResourceGroup(ctx.name, {
      location: t.location,
      ...(t.resourceGroup && { resourceGroupName: t.resourceGroup }),
      tags: ctx.tags,
    });
    // tests and the stand-in e2e exchange AAD tokens elsewhere (CROSSARCH_ACR_EXCHANGE_URL)
    const exchange =
      (ctx.options.acrTokenExchange as AcrTokenExchange | undefined) ??
      acrTokenExchange(process.env.CROSSARCH_ACR_EXCHANGE_URL || undefined);
    const registry =
      ctx.builtImages.length > 0
        ? new AcrRegistry(ctx.name, {
            resourceGroupName: resourceGroup.name,
            location: t.location,
            namespace: ctx.app,
            ...(t.registry.name && { registryName: t.registry.name }),
            tags: ctx.tags,
            tokenExchange: exchange,
          })
        : undefined;
    return { shared: { resourceGroup }, ...(registry && { registry }) };
  },
  deploy(ctx) {
    const acr = ctx.registry instanceof AcrRegistry ? ctx.registry : undefined;
    const target = new AcaTarget(ctx.name, {
      resourceGroupName: (ctx.shared as AcaShared).resourceGroup.name,
      location: ctx.target.location,
      services: ctx.services,
      ...(acr && { registry: { server: acr.server, identityId: acr.pullIdentity.id } }),
      logRetentionDays: ctx.target.logRetentionDays,
      tags: ctx.tags,
    });
    return { urls: target.urls };
  },
};
