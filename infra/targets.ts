/**
 * Every cloud target of the stack, from the same plan: the services deployed there as
 * target-neutral descriptions, handed to the target's component with its registry.
 */
import type { MultiArchImage } from "@crossarch/components/image";
import { AcrRegistry, AcaTarget } from "@crossarch/components/azure";
import { EcrRegistry, FargateTarget } from "@crossarch/components/aws";
import { OcirRegistry, OciTarget } from "@crossarch/components/oci";
import { standardTags, type TargetService, type Arch } from "@crossarch/components/model";
import { LocalTarget } from "@crossarch/components/local";
import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE } from "./config";
import { imageRefFor } from "./images";
import { stackProfile, targetArches, type StackPlan } from "./plan";
import type { TargetProviders } from "./providers";
import type { TargetFoundations } from "./registries";

/** The services a target runs, as its component takes them. */
export function targetServices(
  plan: StackPlan,
  target: string,
  images: Record<string, MultiArchImage>,
  platforms: Record<string, string[]>,
  /** External refs pinned to a digest at preview. */
  pinned: Record<string, string> = {},
): (TargetService & { arch: Arch; index: number })[] {
  return plan.deployments
    .filter((d) => d.target === target)
    .map((d) => {
      const svc = plan.config.services[d.serviceIndex];
      return {
        arch: d.arch,
        index: d.serviceIndex,
        name: d.service,
        image: {
          name: d.image,
          ref: imageRefFor(plan, images, d, pinned),
          platforms: platforms[d.image] ?? [],
          // external images say how they were pinned (built ones are always by digest)
          ...(plan.config.images[d.image].ref !== undefined && {
            pin: plan.config.images[d.image].ref?.includes("@sha256:") ? ("digest" as const) : ("tag" as const),
          }),
        },
        ...(plan.config.release && { release: true }),
        ...(d.port !== undefined && { port: d.port }),
        ports: d.ports,
        connects: d.connects,
        public: d.public,
        ...(svc.entrypoint && { entrypoint: svc.entrypoint }),
        ...(svc.args && { args: svc.args }),
        env: d.env,
        secretEnv: Object.fromEntries(
          Object.entries(d.secretEnv).map(([name, key]) => [name, new pulumi.Config(NAMESPACE).requireSecret(key)]),
        ),
        secret: plan.servicesHoldSecrets,
        size: d.size,
        replicas: d.replicas,
        health: d.health,
        ...(d.user !== undefined && { user: d.user }),
        readOnlyRootFilesystem: d.readOnlyRootFilesystem,
        volumes: d.volumes,
        ...(d.job && { job: d.job }),
        shutdownGraceSeconds: stackProfile(plan.config, d.arch).shutdownGraceSeconds,
      };
    });
}

/** What each target exposes: service name -> URL. */
export type TargetUrls = Record<string, Record<string, pulumi.Output<string>>>;

/** Local targets' every replica, public or not: `<service>/<arch>/<replica>` -> URL. */
export type TargetEndpoints = Record<string, Record<string, string>>;

/** Create the cloud targets (the local target is created by the local-engine wiring). */
export function createTargets(
  plan: StackPlan,
  providers: TargetProviders,
  foundations: TargetFoundations,
  images: Record<string, MultiArchImage>,
  platforms: Record<string, string[]>,
  pinned: Record<string, string> = {},
): { urls: TargetUrls; endpoints: TargetEndpoints } {
  const urls: TargetUrls = {};
  const endpoints: TargetEndpoints = {};
  for (const [name, target] of Object.entries(plan.config.targets)) {
    const services = targetServices(plan, name, images, platforms, pinned);
    if (services.length === 0) continue;
    const tags = standardTags({ arch: targetArches(target)[0], app: plan.app, stack: plan.stack });
    const registry = foundations.registries[name];
    const opts = providers[name] ? { provider: providers[name] } : {};
    switch (target.kind) {
      case "aca": {
        const acr = registry instanceof AcrRegistry ? registry : undefined;
        urls[name] = new AcaTarget(name, {
          resourceGroupName: foundations.resourceGroups[name].name,
          location: target.location,
          services,
          ...(acr && { registry: { server: acr.server, identityId: acr.pullIdentity.id } }),
          logRetentionDays: target.logRetentionDays,
          tags,
        }).urls;
        break;
      }
      case "fargate": {
        const ecr = registry instanceof EcrRegistry ? registry : undefined;
        const network = target.existingNetwork ?? { cidr: target.vpcCidr };
        urls[name] = new FargateTarget(
          name,
          {
            app: plan.app,
            region: target.region,
            arch: target.arch,
            services,
            network,
            ...(ecr && { repositoryArns: Object.values(ecr.repositories).map((r) => r.arn) }),
            ...(target.certificateArn && { certificateArn: target.certificateArn }),
            logRetentionDays: target.logRetentionDays,
            tags,
          },
          opts,
        ).urls;
        break;
      }
      case "oci": {
        const ocir = registry instanceof OcirRegistry ? registry : undefined;
        new OciTarget(
          name,
          {
            compartmentId: target.compartmentId,
            availabilityDomain: target.availabilityDomain,
            instance: { shape: target.shape, ocpus: target.ocpus, memoryMiB: target.memory },
            services,
            ...(target.subnetId && { subnetId: target.subnetId }),
            vcnCidr: target.vcnCidr,
            assignPublicIp: target.assignPublicIp,
            ...(ocir && { registry: ocir.login }),
            freeformTags: tags,
          },
          opts,
        );
        urls[name] = {};
        break;
      }
      case "local": {
        const local = new LocalTarget(name, {
          app: plan.app,
          services,
          basePort: target.basePort,
          ...(registry?.login && { registry: registry.login }),
        });
        urls[name] = Object.fromEntries(Object.entries(local.urls).map(([k, v]) => [k, pulumi.output(v)]));
        endpoints[name] = local.endpoints;
        break;
      }
    }
  }
  return { urls, endpoints };
}
