/**
 * The local target: each service's replicas on this machine's Docker engine, one set per arch
 * the stack asks for (the foreign arch under QEMU), each with its arch's cpu/memory limits, the
 * health check, a restart policy and host networking on its own loopback port. A service's
 * replicas are updated one at a time, each healthy before the next starts (a rolling update, as
 * ECS does on Fargate), so a service never has zero healthy replicas during a normal update and
 * a failed one stops at the first replica, rolled back.
 */
import * as pulumi from "@pulumi/pulumi";
import { ARCHES, platformOf, type Arch } from "../model/arch";
import { throwIfProblems } from "../model/problems";
import type { RegistryLogin } from "../image/login";
import { LocalContainer, type LocalContainerArgs } from "./container";
import type { LocalVolume } from "./volume";
import { mounts, volumes } from "./storage";
import { LocalJob } from "./job";
import { JOB_DEFAULTS, jobsBefore, validateBefore } from "../model/jobs";
import { localKind } from "./kind";
import { localPort, validateLocalPorts } from "./ports";
import { guardServices, hasSecretEnv, imageTags, secretIf, validateServices, type TargetService } from "../model/service";
import { connectionEnv, connectionOrder, connectionPrefix, validateConnections } from "../model/connections";
import { portsOf } from "../model/ports";

/** One service on one arch. */
export interface LocalService extends TargetService {
  /** The arch this entry's replicas run (the foreign one under QEMU). */
  arch: Arch;
  /** Position of the service in the stack: ports are derived from it, so they stay put. */
  index: number;
}

/** The inputs of {@link LocalTarget}. */
export interface LocalTargetArgs {
  /** Application name: prefixes container names. */
  app: string;
  /** The services, one entry per arch they run on; checked against the local limits and Docker health ranges first. */
  services: LocalService[];
  /** First loopback port; port k of service i, arch a, replica r is basePort + 100 i + 20 k + 10 a + r. */
  basePort: number;
  /** Credentials of the loopback registry the images come from. */
  registry?: pulumi.Output<RegistryLogin>;
  /**
   * Extra seconds to wait for health beyond the check's own budget (emulated arches start slowly).
   * @default 60
   */
  readySlackSeconds?: number;
  /**
   * Most processes per container.
   * @default 256
   */
  pidsLimit?: number;
}

/**
 * Capabilities kept for a service: none when it runs as a non-root `user`; when it starts as root
 * (an image whose entrypoint drops to its own user, such as databases), the few such entrypoints
 * need to chown their data and switch user.
 */
export function capabilitiesFor(s: Pick<TargetService, "user">): string[] {
  return s.user !== undefined ? [] : ["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID"];
}

/** Seconds a replica may take to report healthy: its start period, then every retry, plus slack. */
export function readyTimeout(s: TargetService, slack: number): number {
  const h = s.health;
  return h.startPeriodSeconds + h.intervalSeconds * (h.retries + 1) + h.timeoutSeconds + slack;
}

/**
 * Replicas on this machine's Docker engine, per arch (the foreign one under QEMU), on loopback
 * ports, updated one at a time with rollback: a {@link LocalContainer} per replica, a
 * {@link LocalJob} per job and arch, and a {@link LocalVolume} per persistent volume.
 *
 * @example
 * ```ts
 * import { LocalTarget } from "@crossarch/components/local";
 * const local = new LocalTarget("local", {
 *   app: "shop", basePort: 18080, registry: registry.login,
 *   services: [{ ...api, arch: "amd64", index: 0 }, { ...api, arch: "arm64", index: 0 }],
 * });
 * export const urls = local.urls;
 * ```
 *
 * @property containers - Every replica: `<service>/<arch>/<replica>` -> its container.
 */
export class LocalTarget extends pulumi.ComponentResource {
  /** Public services: `<service>/<arch>/<replica>` -> `http://127.0.0.1:<port>`. */
  readonly urls: Record<string, string> = {};
  /** Every replica's main port, public or not: `<service>/<arch>/<replica>` -> `<scheme>://127.0.0.1:<port>`. */
  readonly endpoints: Record<string, string> = {};
  readonly containers: Record<string, LocalContainer> = {};
  /** `<job>/<arch>` -> the job (a run to completion, or a cron entry). */
  readonly jobs: Record<string, LocalJob> = {};

  constructor(name: string, args: LocalTargetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("crossarch:targets:LocalTarget", name, {}, opts);
    validate(name, args);
    const auth = registryAuth(args.registry);
    // one replica of a service at a time, across its arches (amd64 first): never all down at once
    const rollout: Rollout = { previous: {}, last: {} };
    for (const s of rolloutOrder(args.services)) {
      const peers = args.services.filter((x) => x.arch === s.arch);
      const given: Given = {
        connected: connections(args.basePort, s, peers),
        servers: (s.connects ?? []).map((c) => rollout.last[`${c}/${s.arch}`]).filter((c) => c !== undefined),
        volumes: volumes(this, name, args.app, s),
        mounts: mounts(args.app, s),
        auth,
      };
      if (s.job) this.jobs[`${s.name}/${s.arch}`] = job(this, name, args, s, given);
      else this.replicas(name, args, s, peers, given, rollout);
    }
    this.registerOutputs({ urls: this.urls, endpoints: this.endpoints });
  }

  /** A service's replicas, one at a time: each after the one before it, the first after its servers and once jobs. */
  private replicas(name: string, args: LocalTargetArgs, s: LocalService, peers: LocalService[], given: Given, rollout: Rollout): void {
    const { previous, last } = rollout;
    const ports = portsOf(s);
    // once jobs that must succeed first (a migration before its api)
    const firstJobs = jobsBefore(peers, s.name).map((j) => this.jobs[`${j.name}/${s.arch}`]);
    for (let r = 0; r < s.replicas; r++) {
      const port = localPort(args.basePort, s, r);
      const key = `${s.name}/${s.arch}/${r}`;
      this.containers[key] = new LocalContainer(
        `${name}-${s.name}-${s.arch}-${r}`,
        containerArgs(args, s, r, given),
        // one replica at a time: each waits for the one before it (rolling updates); and after its servers
        {
          parent: this,
          dependsOn: [
            ...(previous[s.name] ? [previous[s.name]] : []),
            ...(r === 0 ? [...given.servers, ...firstJobs] : []),
            ...given.volumes,
          ],
        },
      );
      previous[s.name] = this.containers[key];
      last[`${s.name}/${s.arch}`] = this.containers[key];
      this.endpoints[key] = `${ports[0]?.protocol ?? "http"}://127.0.0.1:${port}`;
      if (s.public) this.urls[key] = `http://127.0.0.1:${port}`;
    }
  }
}

/** Where the rollout is: each replica is created after the one before it, and after its servers' last replicas. */
interface Rollout {
  /** Per service: the replica before this one. */
  previous: Record<string, LocalContainer>;
  /** Per service and arch: its last replica. */
  last: Record<string, LocalContainer>;
}

/** What a service's replicas or job get on its arch. */
interface Given {
  /** Its connections' env. */
  connected: Record<string, pulumi.Input<string>>;
  /** The last replicas of the servers it connects to: it starts after them. */
  servers: LocalContainer[];
  /** Its persistent volumes: it starts after them. */
  volumes: LocalVolume[];
  mounts: ReturnType<typeof mounts>;
  auth: ReturnType<typeof registryAuth>;
}

/** Every problem of the services at once, before anything is made; then their images against each arch. */
function validate(name: string, args: LocalTargetArgs): void {
  throwIfProblems(`LocalTarget ${name}`, [
    ...validateLocalPorts(
      args.basePort,
      args.services.map((s) => ({ ...s, ports: portsOf(s).length })),
    ),
    ...validateServices(localKind, args.services, { target: name }),
    // each arch is a system of its own: a service reaches the same arch's services
    ...ARCHES.flatMap((arch) =>
      validateBefore(
        args.services.filter((s) => s.arch === arch),
        { target: `${name} (${arch})`, indexOf: (s) => args.services.indexOf(s) },
      ),
    ),
    ...ARCHES.flatMap((arch) =>
      validateConnections(
        args.services.filter((s) => s.arch === arch),
        { target: `${name} (${arch})`, indexOf: (s) => args.services.indexOf(s) },
      ),
    ),
  ]);
  for (const arch of ARCHES)
    guardServices(
      `${name} (local ${arch})`,
      arch,
      args.services.filter((s) => s.arch === arch),
    );
}

/** The loopback registry's credentials as the Docker engine takes them. */
function registryAuth(registry: LocalTargetArgs["registry"]) {
  return registry?.apply((l) => ({ serveraddress: l.address, username: l.username ?? "", password: l.password ?? "" }));
}

/** amd64's services, servers first, then arm64's. */
function rolloutOrder(services: LocalService[]): LocalService[] {
  return connectionOrder(services.filter((x) => x.arch === "amd64")).concat(connectionOrder(services.filter((x) => x.arch === "arm64")));
}

/** Connections: the same arch's services, at their first replica's loopback ports (no load balancer here). */
function connections(basePort: number, s: LocalService, peers: LocalService[]): Record<string, pulumi.Input<string>> {
  const connected: Record<string, pulumi.Input<string>> = {};
  for (const server of s.connects ?? []) {
    const peer = peers.find((x) => x.name === server) as LocalService;
    Object.assign(
      connected,
      connectionEnv(server, portsOf(peer), (p, k) => ({
        host: "127.0.0.1",
        port: localPort(basePort, peer, 0, k),
        scheme: p.protocol,
      })),
    );
  }
  return connected;
}

/** The process and limits of every container of a service, a replica's or a job's. */
function processOf(args: LocalTargetArgs, s: LocalService) {
  return {
    ...(s.entrypoint && { entrypoint: secretIf(s, [...s.entrypoint]) }),
    ...(s.args && { args: secretIf(s, [...s.args]) }),
    cpu: s.size.cpu,
    memoryMiB: s.size.memoryMiB,
    pidsLimit: args.pidsLimit ?? 256,
    capAdd: capabilitiesFor(s),
  };
}

/** A job: run to completion (once) or a cron entry, with what a service of its arch gets. */
function job(parent: pulumi.Resource, name: string, args: LocalTargetArgs, s: LocalService, given: Given): LocalJob {
  const { connected, mounts, auth } = given;
  const spec = s.job as NonNullable<LocalService["job"]>;
  return new LocalJob(
    `${name}-${s.name}-${s.arch}`,
    {
      name: `${args.app}-${s.name}-${s.arch}`,
      image: s.image.ref,
      platform: platformOf(s.arch),
      env: secretIf(hasSecretEnv(s) ? { secret: true } : s, { ...s.env, ...connected, ...s.secretEnv, SERVICE_NAME: s.name }),
      ...processOf(args, s),
      readOnlyRootFilesystem: s.readOnlyRootFilesystem,
      ...(mounts.length > 0 && { mounts }),
      ...(s.user !== undefined && { user: s.user }),
      labels: { "dev.crossarch.app": args.app, "dev.crossarch.job": s.name, "dev.crossarch.arch": s.arch, ...imageTags(s) },
      run: spec.run === "once" ? "once" : { schedule: spec.schedule as string },
      timeoutSeconds: spec.timeoutSeconds ?? JOB_DEFAULTS.timeoutSeconds,
      retries: spec.retries ?? JOB_DEFAULTS.retries,
      ...(auth && { registryAuth: pulumi.secret(auth) }),
    },
    { parent, dependsOn: [...given.servers, ...given.volumes] },
  );
}

/** Replica `r` of a service: its loopback ports and env, limits, health check and probe, labels and grace. */
function containerArgs(args: LocalTargetArgs, s: LocalService, r: number, given: Given): LocalContainerArgs {
  const { mounts, auth } = given;
  return {
    name: `${args.app}-${s.name}-${s.arch}-${r}`,
    image: s.image.ref,
    platform: platformOf(s.arch),
    env: replicaEnv(args.basePort, s, r, given.connected),
    ...processOf(args, s),
    ...probe(args.basePort, s, r),
    healthcheck: {
      test: [...(s.health.command ?? ["NONE"])],
      intervalSeconds: s.health.intervalSeconds,
      timeoutSeconds: s.health.timeoutSeconds,
      retries: s.health.retries,
      startPeriodSeconds: s.health.startPeriodSeconds,
    },
    readOnlyRootFilesystem: s.readOnlyRootFilesystem,
    ...(mounts.length > 0 && { mounts }),
    ...(s.user !== undefined && { user: s.user }),
    labels: { "dev.crossarch.app": args.app, "dev.crossarch.service": s.name, "dev.crossarch.arch": s.arch, ...imageTags(s) },
    stopGraceSeconds: s.shutdownGraceSeconds,
    readyTimeoutSeconds: readyTimeout(s, args.readySlackSeconds ?? 60),
    ...(auth && { registryAuth: pulumi.secret(auth) }),
  };
}

/** A replica's env: its own, its connections', its ports' (`PORT`, `PORT_<NAME>`) and its name. */
function replicaEnv(basePort: number, s: LocalService, r: number, connected: Record<string, pulumi.Input<string>>) {
  const own = Object.fromEntries(
    portsOf(s)
      .slice(1)
      .map((p, k) => [`PORT_${connectionPrefix(p.name)}`, String(localPort(basePort, s, r, k + 1))]),
  );
  return secretIf(hasSecretEnv(s) ? { secret: true } : s, {
    ...s.env,
    ...connected,
    ...own,
    ...s.secretEnv, // the container's own environment: the only place it is plain
    PORT: String(localPort(basePort, s, r)),
    HOST: "127.0.0.1",
    SERVICE_NAME: s.name,
    ...(s.health.path && { HEALTH_PATH: s.health.path }),
  });
}

/** HTTP and TCP checks run from this machine, on the health port's loopback port; a command runs in the container. */
function probe(basePort: number, s: LocalService, r: number) {
  const ports = portsOf(s);
  const healthIndex = Math.max(
    0,
    ports.findIndex((p) => p.port === (s.health.port ?? ports[0]?.port)),
  );
  return (
    (s.health.path !== undefined || s.health.readinessPath !== undefined || !s.health.command) &&
    ports.length > 0 && {
      probe: {
        port: localPort(basePort, s, r, healthIndex),
        ...(s.health.path !== undefined && { path: s.health.path }),
        ...((s.health.readinessPath ?? s.health.path) !== undefined && { readyPath: s.health.readinessPath ?? s.health.path }),
      },
    }
  );
}
