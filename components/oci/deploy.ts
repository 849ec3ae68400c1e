/** Deploying an `oci` target: its provider, OCIR, and the OciTarget component. */
import { Provider } from "@pulumi/oci/provider";
import type { KindDeployer } from "../model/kind";
import { OciTarget } from "./instance";
import { OcirRegistry } from "./ocir";
import type { OciTargetConfig } from "./schema";

export const ociDeployer: KindDeployer<OciTargetConfig> = {
  provider: (name, t) => new Provider(name, { region: t.region }),
  foundation(ctx) {
    const t = ctx.target;
    if (ctx.builtImages.length === 0) return {};
    const registry = new OcirRegistry(
      ctx.name,
      {
        compartmentId: t.compartmentId,
        region: t.region,
        tenancyNamespace: t.registry.namespace,
        namespace: ctx.app,
        images: ctx.builtImages,
        username: t.registry.username,
        authToken: ctx.secret(t.registry.passwordSecret),
        freeformTags: ctx.tags,
      },
      ctx.opts,
    );
    return { registry };
  },
  deploy(ctx) {
    const t = ctx.target;
    const ocir = ctx.registry instanceof OcirRegistry ? ctx.registry : undefined;
    new OciTarget(
      ctx.name,
      {
        compartmentId: t.compartmentId,
        availabilityDomain: t.availabilityDomain,
        instance: { shape: t.shape, ocpus: t.ocpus, memoryMiB: t.memory },
        services: ctx.services,
        ...(t.subnetId && { subnetId: t.subnetId }),
        vcnCidr: t.vcnCidr,
        assignPublicIp: t.assignPublicIp,
        ...(ocir && { registry: ocir.login }),
        freeformTags: ctx.tags,
      },
      ctx.opts,
    );
    return { urls: {} };
  },
};
