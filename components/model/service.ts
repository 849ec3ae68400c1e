/**
 * What every target component receives for one service: the same cloud-neutral description,
 * already sized and health-checked for the target's arch. Each target translates it.
 */
import * as os from "node:os";
import * as pulumi from "@pulumi/pulumi";
import { archOfPlatform, type Arch } from "./arch";
import { validateHealth, type HealthCheck } from "./health";
import { assertImageRunsOn } from "../image/arch-guard";
import { parseImageRef } from "../image/image-ref";
import { show, under, type Problem } from "./problems";
import type { KindContext, TargetKindModule } from "./kind";
import type { Size } from "./size";
import { validatePorts, type ServicePort } from "./ports";
import { validateSupport } from "./support";
import { validateVolumes, type ServiceVolume } from "./volumes";
import { validateJob, validateJobOn, validateJobShape, type ServiceJob } from "./jobs";

/**
 * The one description of a service on a target, from the plan to the component. The plan fills
 * in what config knows (`Ref` is the configured reference, if any; `Secret` is the config key
 * that holds each secret env value); the program then gives the component the built or pinned
 * reference and the secrets' values (`TargetService`).
 */
export interface ServiceSpec<Ref = pulumi.Input<string>, Secret = pulumi.Input<string>> {
  /** Service name: part of resource names and the container name. */
  name: string;
  /** The image: its name, a digest-pinned reference and the platforms it contains (for the arch guard). */
  image: {
    /** Image name (its repository name). */
    name: string;
    /** Digest-pinned reference (`registry/repo@sha256:...`). */
    ref: Ref;
    /** Platforms the image contains (`linux/arm64`); the arch guard checks the target's. */
    platforms: readonly string[];
    /**
     * How the reference came to be pinned: `build` (built by this stack), `digest` (pinned in
     * config), `tag` (given by tag, resolved to a digest at preview). Tagged as `image-pin`.
     */
    pin?: "build" | "digest" | "tag";
  };
  /** The stack is a release (prod-like) stack: tagged `release: "true"`, where policies hold refs pinned in config. */
  release?: boolean;
  /** The port the service listens on (HTTP unless `ports` says otherwise). */
  port?: number;
  /** Every port the service listens on, the first its main port (equal to `port`); default `port` as HTTP. */
  ports?: readonly ServicePort[];
  /**
   * Services of the same target this one talks to: each is injected as `<NAME>_HOST`,
   * `<NAME>_PORT` and `<NAME>_URL` (and `<NAME>_<PORT>_PORT`/`_URL` for further ports).
   */
  connects?: readonly string[];
  /** Take traffic from outside the target (ingress, a load balancer). */
  public: boolean;
  /** Replaces the image's ENTRYPOINT (ECS `entryPoint`, ACA `command`, OCI `commands`, Docker `Entrypoint`). */
  entrypoint?: readonly string[];
  /** Replaces the image's CMD (ECS `command`, ACA `args`, OCI `arguments`, Docker `Cmd`). */
  args?: readonly string[];
  /**
   * Environment, including the arch profile's `CROSSARCH_*`. A value may be another resource's
   * output (a database's address).
   */
  env: Record<string, pulumi.Input<string>>;
  /**
   * Env delivered by the platform's secret mechanism (ECS `secrets` from Secrets Manager, ACA
   * `secretRef`): name -> the value, a Pulumi secret.
   */
  secretEnv?: Record<string, Secret>;
  /** `env`, `entrypoint` or `args` hold a secret: they go to the resources as Pulumi secrets. */
  secret?: boolean;
  /** One replica's size. */
  size: Size;
  /** Replicas to run (at least 1). */
  replicas: number;
  /** The health check, defaults filled in (a job's is not used). */
  health: HealthCheck;
  /** Run as this numeric `uid[:gid]` (non-root). */
  user?: string;
  /** Mount the root filesystem read-only. */
  readOnlyRootFilesystem: boolean;
  /** Scratch and persistent volumes. */
  volumes?: readonly ServiceVolume[];
  /** Work that ends: once per deploy (before the services that need it) or on a schedule. */
  job?: ServiceJob;
  /** Seconds the service may take to drain after SIGTERM. */
  shutdownGraceSeconds: number;
}

/** One service as a target component deploys it: the reference and the secrets resolved. */
export type TargetService = ServiceSpec;

/** Refuse every service whose image lacks the target's arch (InputPropertyError at `image`). */
export function guardServices(target: string, arch: Arch, services: readonly TargetService[]): void {
  for (const s of services)
    assertImageRunsOn({
      image: `${s.name} (${s.image.platforms.join(", ") || "no platforms"})`,
      target,
      arch,
      platforms: s.image.platforms,
    });
}

/** `{A: "1"}` -> `[{ name: "A", value: "1" }]`, sorted by name so inputs do not churn. */
export function envList<V>(env: Record<string, V>): {
  /** Variable name. */
  name: string;
  /** Its value. */
  value: V;
}[] {
  return Object.keys(env)
    .sort()
    .map((name) => ({ name, value: env[name] }));
}

/**
 * Tags a compute resource carries about its image, as plain strings a policy can read at
 * preview: `image` (the image name), `image-platforms` (`linux/amd64 linux/arm64`), `image-pin`
 * (how its reference was pinned) and, in a release stack, `release`.
 */
export function imageTags(s: TargetService): Record<string, string> {
  return {
    image: s.image.name,
    "image-platforms": s.image.platforms.filter((p) => archOfPlatform(p) !== undefined).join(" "),
    ...(s.image.pin !== undefined && { "image-pin": s.image.pin }),
    ...(s.release && { release: "true" }),
  };
}

/** True when the service has env delivered as secrets. */
export function hasSecretEnv(s: Pick<TargetService, "secretEnv">): boolean {
  return Object.keys(s.secretEnv ?? {}).length > 0;
}

/** `value` as a Pulumi secret when the service holds secrets, as it is otherwise. */
export function secretIf<T>(s: Pick<TargetService, "secret">, value: T): T | pulumi.Output<T> {
  return s.secret ? (pulumi.secret(value) as pulumi.Output<T>) : value;
}

/** What {@link validateServices} needs beyond the services. */
export interface ServiceCheckOptions<C = unknown> {
  /** Target name, for messages. */
  target: string;
  /** The target's config, for rules that depend on it (an OCI instance's public IP). */
  config?: Partial<C>;
  /** Cores of the machine (local targets). */
  hostCpus?: number;
  /** Fargate: services with a port sit behind an ALB target group (its health rules apply). */
  behindLoadBalancer?: (s: TargetService) => boolean;
}

/**
 * A target component's own check of its services, the rules the stack config is checked with
 * too (each written once, in the model and the kind's module): the size on the target's grid,
 * the health check in its ranges (and with a command where the check runs in the container), a
 * usable image reference and a replica count. Problems sit at `services[i]...`.
 */
export function validateServices<C>(
  kind: TargetKindModule,
  services: readonly TargetService[],
  options: ServiceCheckOptions<C>,
): Problem[] {
  return services.flatMap((s, i) => {
    const at = (...path: (string | number)[]) => ["services", i, ...path];
    const ctx: KindContext<C> = { target: options.target, ...(options.config !== undefined && { config: options.config }) };
    const problems: Problem[] = [
      ...under(at("size"), kind.validateSize(s.size, { hostCpus: options.hostCpus ?? os.cpus().length })),
      // a job has no health check: it succeeds by exiting 0
      ...(s.job
        ? under(at(), [
            ...validateJob(s.job),
            ...validateJobOn(kind, s.job, { ...ctx, ...(s.connects && { connects: s.connects }) }),
            ...validateJobShape(s),
          ])
        : [
            ...under(
              at("health"),
              validateHealth(s.health, kind, { ...ctx, behindLoadBalancer: options.behindLoadBalancer?.(s) ?? false }),
            ),
          ]),
      ...under(at(), validateSupport(kind, s, ctx)),
      ...under(at(), validatePorts(s)),
      ...under(at(), validateVolumes(s.volumes ?? [])),
    ];
    if (typeof s.image.ref === "string" && parseImageRef(s.image.ref) === undefined) {
      problems.push({
        path: at("image", "ref"),
        message: `${show(s.image.ref)} is not an image reference; expected e.g. registry.example/app@sha256:<64 hex> or postgres:16`,
      });
    }
    if (!Number.isInteger(s.replicas) || s.replicas < 1) {
      problems.push({ path: at("replicas"), message: `${show(s.replicas)}: a service runs at least 1 replica (a whole number)` });
    }
    return problems;
  });
}

/** The port the health check targets. */
export function healthPort(s: TargetService): number | undefined {
  return s.health.port ?? s.port ?? s.ports?.[0]?.port;
}
