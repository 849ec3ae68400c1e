/** Deploying a `fargate` target: its provider, ECR, and the FargateTarget component. */
import { Provider } from "@pulumi/aws/provider";
import type { Region } from "@pulumi/aws/types/enums";
import type { KindDeployer } from "../model/kind";
import { EcrRegistry } from "./ecr";
import { FargateTarget } from "./fargate";
import type { FargateTargetConfig } from "./schema";

export const fargateDeployer: KindDeployer<FargateTargetConfig> = {
  provider: (name, t) => new Provider(name, { region: t.region as Region }),
  foundation: (ctx) =>
    ctx.builtImages.length > 0
      ? { registry: new EcrRegistry(ctx.name, { namespace: ctx.app, images: ctx.builtImages, tags: ctx.tags }, ctx.opts) }
      : {},
  deploy(ctx) {
    const t = ctx.target;
    const ecr = ctx.registry instanceof EcrRegistry ? ctx.registry : undefined;
    const target = new FargateTarget(
      ctx.name,
      {
        app: ctx.app,
        region: t.region,
        arch: t.arch,
        services: ctx.services,
        network: t.existingNetwork ?? { cidr: t.vpcCidr },
        ...(ecr && { repositoryArns: Object.values(ecr.repositories).map((r) => r.arn) }),
        ...(t.certificateArn && { certificateArn: t.certificateArn }),
        logRetentionDays: t.logRetentionDays,
        tags: ctx.tags,
      },
      ctx.opts,
    );
    return { urls: target.urls };
  },
};
