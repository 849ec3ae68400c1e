/**
 * The local target: each service's replicas on this machine's Docker engine, one set per arch
 * the stack asks for (the foreign arch under QEMU), each with its arch's cpu/memory limits, the
 * health check, a restart policy and host networking on its own loopback port.
 */
import * as pulumi from "@pulumi/pulumi";
import { ARCHES, platformOf, type Arch } from "../arch";
import type { RegistryLogin } from "../registry/login";
import { LocalContainer } from "./local-container";
import { guardServices, imageTags, type TargetService } from "./service";

/** One service on one arch. */
export interface LocalService extends TargetService {
  arch: Arch;
  /** Position of the service in the stack: ports are derived from it, so they stay put. */
  index: number;
}

export interface LocalTargetArgs {
  /** Application name: prefixes container names. */
  app: string;
  services: LocalService[];
  /** First loopback port; service i, arch a, replica r listens on basePort + 100 i + 10 a + r. */
  basePort: number;
  /** Credentials of the loopback registry the images come from. */
  registry?: pulumi.Output<RegistryLogin>;
  /** Extra seconds to wait for health beyond the check's own budget (emulated arches start slowly). */
  readySlackSeconds?: number;
}

/** The loopback port of one replica. */
export function localPort(basePort: number, s: Pick<LocalService, "index" | "arch">, replica: number): number {
  return basePort + 100 * s.index + 10 * ARCHES.indexOf(s.arch) + replica;
}

/** Seconds a replica may take to report healthy: its start period, then every retry, plus slack. */
export function readyTimeout(s: TargetService, slack: number): number {
  const h = s.health;
  return h.startPeriodSeconds + h.intervalSeconds * (h.retries + 1) + h.timeoutSeconds + slack;
}

export class LocalTarget extends pulumi.ComponentResource {
  /** `<service>/<arch>/<replica>` -> `http://127.0.0.1:<port>`. */
  readonly urls: Record<string, string> = {};
  readonly containers: Record<string, LocalContainer> = {};

  constructor(name: string, args: LocalTargetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("crossarch:targets:LocalTarget", name, {}, opts);
    for (const arch of ARCHES)
      guardServices(
        `${name} (local ${arch})`,
        arch,
        args.services.filter((s) => s.arch === arch),
      );
    const auth = args.registry?.apply((l) => ({ serveraddress: l.address, username: l.username ?? "", password: l.password ?? "" }));
    for (const s of args.services) {
      for (let r = 0; r < s.replicas; r++) {
        const port = localPort(args.basePort, s, r);
        const key = `${s.name}/${s.arch}/${r}`;
        const containerName = `${args.app}-${s.name}-${s.arch}-${r}`;
        this.containers[key] = new LocalContainer(
          `${name}-${s.name}-${s.arch}-${r}`,
          {
            name: containerName,
            image: s.image.ref,
            platform: platformOf(s.arch),
            env: {
              ...s.env,
              PORT: String(port),
              HOST: "127.0.0.1",
              SERVICE_NAME: s.name,
              ...(s.health.path && { HEALTH_PATH: s.health.path }),
            },
            ...(s.command && { command: [...s.command] }),
            cpu: s.size.cpu,
            memoryMiB: s.size.memoryMiB,
            healthcheck: {
              test: [...(s.health.command ?? ["NONE"])],
              intervalSeconds: s.health.intervalSeconds,
              timeoutSeconds: s.health.timeoutSeconds,
              retries: s.health.retries,
              startPeriodSeconds: s.health.startPeriodSeconds,
            },
            readOnlyRootFilesystem: s.readOnlyRootFilesystem,
            ...(s.user !== undefined && { user: s.user }),
            labels: { "dev.crossarch.app": args.app, "dev.crossarch.service": s.name, "dev.crossarch.arch": s.arch, ...imageTags(s) },
            stopGraceSeconds: s.shutdownGraceSeconds,
            readyTimeoutSeconds: readyTimeout(s, args.readySlackSeconds ?? 60),
            ...(auth && { registryAuth: pulumi.secret(auth) }),
          },
          { parent: this },
        );
        this.urls[key] = `http://127.0.0.1:${port}`;
      }
    }
    this.registerOutputs({ urls: this.urls });
  }
}
