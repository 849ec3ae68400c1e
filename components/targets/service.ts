/**
 * What every target component receives for one service: the same cloud-neutral description,
 * already sized and health-checked for the target's arch. Each target translates it.
 */
import * as pulumi from "@pulumi/pulumi";
import { archOfPlatform, type Arch } from "../arch";
import type { HealthCheck } from "../health";
import { assertImageRunsOn } from "../image/arch-guard";
import type { Size } from "../sizing/size";

/** One service as a target deploys it. */
export interface TargetService {
  /** Service name: part of resource names and the container name. */
  name: string;
  /** The image: its name, a digest-pinned reference and the platforms it contains (for the arch guard). */
  image: { name: string; ref: pulumi.Input<string>; platforms: readonly string[] };
  /** The port the service listens on. */
  port?: number;
  /** Take traffic from outside the target (ingress, a load balancer). */
  public: boolean;
  /** Override of the image's command. */
  command?: readonly string[];
  /** Environment, including the arch profile's `CROSSARCH_*`. */
  env: Record<string, string>;
  /** `env` or `command` holds a secret: both go to the resources as Pulumi secrets. */
  secret?: boolean;
  /** One replica's size. */
  size: Size;
  replicas: number;
  health: HealthCheck;
  /** Run as this numeric `uid[:gid]` (non-root). */
  user?: string;
  /** Mount the root filesystem read-only. */
  readOnlyRootFilesystem: boolean;
  /** Seconds the service may take to drain after SIGTERM. */
  shutdownGraceSeconds: number;
}

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
export function envList(env: Record<string, string>): { name: string; value: string }[] {
  return Object.keys(env)
    .sort()
    .map((name) => ({ name, value: env[name] }));
}

/**
 * Tags a compute resource carries about its image, as plain strings a policy can read at
 * preview: `image` (the image name) and `image-platforms` (`linux/amd64 linux/arm64`).
 */
export function imageTags(s: TargetService): Record<string, string> {
  return { image: s.image.name, "image-platforms": s.image.platforms.filter((p) => archOfPlatform(p) !== undefined).join(" ") };
}

/** `value` as a Pulumi secret when the service holds secrets, as it is otherwise. */
export function secretIf<T>(s: Pick<TargetService, "secret">, value: T): T | pulumi.Output<T> {
  return s.secret ? (pulumi.secret(value) as pulumi.Output<T>) : value;
}

/** The port the health check targets. */
export function healthPort(s: TargetService): number | undefined {
  return s.health.port ?? s.port;
}
