/**
 * LocalContainer: one replica on this machine's Docker engine, as a Pulumi dynamic resource
 * (the @pulumi/docker provider cannot be built offline). Host networking on a loopback port,
 * cpu/memory/pids limits, no capabilities beyond those asked for, no-new-privileges, rotated
 * logs, a Docker health check and a restart policy.
 *
 * The resource's id is the container *name*: a change of image, env or limits is an update that
 * swaps the container behind that name. The swap pulls first (a missing image changes nothing),
 * stops the old container gracefully (SIGTERM, then the grace period), starts the new one and
 * waits, bounded, until it is healthy (./health.ts); a new container that does not become healthy is removed
 * and the old one started again (rolled back), and the update fails with the new one's last log
 * lines. Reads report a stopped, unhealthy or missing container, so `up --refresh` repairs it.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ContainerProcessSpec } from "./process-spec";
import { healthCommandPasses, isNative, notHealthy, probeOnce, startHealthy, type Execable } from "./health";

/** What a container is made from (all plain values: the provider runs them in its own process). */
export interface LocalContainerSpec extends ContainerProcessSpec {
  /**
   * A check the provider runs from this machine (as Container Apps and OCI probe from outside):
   * HTTP GET of `path` (liveness) and `readyPath` (what each start waits for), or a TCP connect
   * when neither is given.
   */
  probe?: {
    /** Loopback port the check connects to. */
    port: number;
    /** HTTP path of the liveness check. */
    path?: string;
    /** HTTP path each start waits for. */
    readyPath?: string;
  };
  /** Docker's own health check, run inside the container. */
  healthcheck: {
    /** Docker exec form, e.g. `["CMD", "node", "dist/healthcheck.js"]`; `["NONE"]` for none. */
    test: string[];
    /** Seconds between checks. */
    intervalSeconds: number;
    /** Seconds one check may take. */
    timeoutSeconds: number;
    /** Consecutive failures before the container is unhealthy. */
    retries: number;
    /** Seconds after start during which failures do not count. */
    startPeriodSeconds: number;
  };
  /** Seconds a stop gives the process to exit after SIGTERM. */
  stopGraceSeconds: number;
  /** Seconds a start waits for the health check to pass. */
  readyTimeoutSeconds: number;
  /** The state wanted: always `healthy`; a read reports what it found instead. */
  state: "healthy" | "unhealthy" | "starting" | "stopped";
}

/** Outputs: the spec plus what the engine assigned. */
export interface LocalContainerOutputs extends LocalContainerSpec {
  /** The engine's id of the running container. */
  containerId: string;
  /** Milliseconds from start to healthy. */
  readyAfterMs: number;
  /** How the container this one replaced stopped (exit code 0: it shut down on SIGTERM in time). */
  replaced?: {
    /** The engine's id of the replaced container. */
    containerId: string;
    /** Its exit code (-1: unknown). */
    exitCode: number;
    /** Milliseconds from the stop request to its exit. */
    stoppedAfterMs: number;
  };
}

/**
 * The keys whose change is a change: present in either the old or the new spec. (No module-level
 * Set or Map here: Pulumi serializes the provider's closures, and those do not survive it.)
 */
export function changedKeys(olds: Partial<LocalContainerOutputs>, news: Partial<LocalContainerSpec>): string[] {
  // inputs that do not describe the container, and outputs
  const notCompared = ["readyTimeoutSeconds", "socketPath", "containerId", "readyAfterMs", "replaced"];
  const keys = new Set([...Object.keys(olds), ...Object.keys(news)].filter((k) => !notCompared.includes(k)));
  const get = (o: object, k: string) => (o as Record<string, unknown>)[k];
  return [...keys].filter((k) => JSON.stringify(get(olds, k)) !== JSON.stringify(get(news, k))).sort();
}

/**
 * Fail with a message the engine shows. (The error class is made inside: Pulumi serializes the
 * provider's closures, and a class captured from module scope loses its Error behaviour.)
 */
function fail(message: string): never {
  class LocalContainerError extends Error {}
  throw new LocalContainerError(message);
}

/* Everything below runs inside Pulumi's dynamic-provider host: dependencies are required inside. */

/** The Docker engine at the spec's socket (shared by the local target's dynamic providers). */
export function engine(spec: { socketPath?: string }) {
  const Docker = require("dockerode"); // eslint-disable-line @typescript-eslint/no-require-imports
  return new Docker({ socketPath: spec.socketPath ?? "/var/run/docker.sock" });
}

/**
 * What every local container is created with, a replica's or a job's: its image and process,
 * labels, and the hardened engine settings (host networking, its limits, every capability dropped
 * but those asked for, no new privileges, rotated logs, the read-only root with a small /tmp, its
 * mounts); `restart` is its restart policy. The local engine's own helper, not the package's API.
 *
 * @internal
 */
export function containerOptions(name: string, spec: ContainerProcessSpec, restart: "unless-stopped" | "no") {
  return {
    name,
    Image: spec.image,
    platform: spec.platform,
    Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
    ...(spec.entrypoint && { Entrypoint: spec.entrypoint }),
    ...(spec.args && { Cmd: spec.args }),
    ...(spec.user && { User: spec.user }),
    Labels: spec.labels,
    HostConfig: {
      NetworkMode: "host",
      NanoCpus: Math.round(spec.cpu * 1e9),
      Memory: spec.memoryMiB * 1024 * 1024,
      PidsLimit: spec.pidsLimit,
      CapDrop: ["ALL"],
      CapAdd: spec.capAdd,
      SecurityOpt: ["no-new-privileges:true"],
      LogConfig: { Type: "json-file", Config: { "max-size": "10m", "max-file": "3" } },
      RestartPolicy: { Name: restart },
      ReadonlyRootfs: spec.readOnlyRootFilesystem,
      ...(spec.mounts && spec.mounts.length > 0 && { Mounts: dockerMounts(spec.mounts) }),
      ...(spec.readOnlyRootFilesystem && { Tmpfs: { "/tmp": "rw,noexec,nosuid,size=16m" } }),
    },
  };
}

/** Docker mounts: named volumes (persistent) and tmpfs (scratch, optionally sized). */
export function dockerMounts(mounts: NonNullable<LocalContainerSpec["mounts"]>) {
  return mounts.map((m) =>
    m.type === "volume"
      ? {
          /** Docker's mount type: a named volume. */
          Type: "volume",
          /** The volume's name. */
          Source: m.source,
          /** Path in the container. */
          Target: m.target,
        }
      : {
          /** Docker's mount type: memory-backed scratch. */
          Type: "tmpfs",
          /** Path in the container. */
          Target: m.target,
          ...(m.sizeMiB !== undefined && {
            /** The tmpfs options: its size limit. */
            TmpfsOptions: {
              /** Size limit in bytes. */
              SizeBytes: m.sizeMiB * 1024 * 1024,
            },
          }),
        },
  );
}

/** Pull the image for the spec's platform (fails before anything is touched when it is missing). */
export async function pull(spec: Pick<LocalContainerSpec, "image" | "platform" | "registryAuth" | "socketPath">): Promise<void> {
  const docker = engine(spec);
  const stream = await docker.pull(spec.image, { platform: spec.platform, ...(spec.registryAuth && { authconfig: spec.registryAuth }) });
  await new Promise((resolve, reject) =>
    docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve(undefined))),
  );
}

/** Create (not start) a container from the spec under `name`, replacing a leftover of that name. */
async function createNamed(spec: LocalContainerSpec, name: string) {
  const docker = engine(spec);
  await docker
    .getContainer(name)
    .remove({ force: true })
    .catch(() => undefined);
  const ns = (s: number) => Math.round(s * 1e9);
  return docker.createContainer({
    ...containerOptions(name, spec, "unless-stopped"),
    StopTimeout: spec.stopGraceSeconds,
    Healthcheck: {
      Test: spec.healthcheck.test,
      Interval: ns(spec.healthcheck.intervalSeconds),
      Timeout: ns(spec.healthcheck.timeoutSeconds),
      Retries: spec.healthcheck.retries,
      StartPeriod: ns(spec.healthcheck.startPeriodSeconds),
    },
  });
}

/** The part of the engine's inspect answer the provider reads. */
export interface Inspected {
  /** The container's id. */
  Id: string;
  /** Its state. */
  State: {
    /** The process runs. */
    Running: boolean;
    /** Exit code of the last run, once stopped. */
    ExitCode?: number;
    /** Docker's health check verdict, when the container has a check. */
    Health?: {
      /** `starting`, `healthy` or `unhealthy`. */
      Status: string;
    };
  };
}

/** The container's last log lines (the engine frames each chunk without a TTY: 1 byte stream, 3 zero bytes, 4 bytes length). */
export async function lastLogLines(container: { logs(o: object): Promise<unknown> }): Promise<string> {
  const raw = (await container.logs({ stdout: true, stderr: true, tail: 20 }).catch(() => Buffer.alloc(0))) as Buffer;
  const chunks: string[] = [];
  for (let at = 0; at + 8 <= raw.length;) {
    const size = raw.readUInt32BE(at + 4);
    chunks.push(raw.subarray(at + 8, at + 8 + size).toString("utf8"));
    at += 8 + size;
  }
  return chunks.join("").trim() || "(no output)";
}

/** Stop gracefully (SIGTERM, then SIGKILL after the grace period); how it ended. */
async function stopGracefully(
  container: { id: string; stop(o: object): Promise<unknown>; inspect(): Promise<Inspected> },
  graceSeconds: number,
) {
  const started = Date.now();
  await container.stop({ t: graceSeconds }).catch((e: { statusCode?: number }) => {
    if (e.statusCode !== 304 && e.statusCode !== 404) throw e; // 304: already stopped
  });
  const info = await container.inspect().catch(() => undefined);
  return { containerId: container.id, exitCode: info?.State?.ExitCode ?? -1, stoppedAfterMs: Date.now() - started };
}

/** The container currently named `name`, or undefined. */
async function inspectNamed(spec: { socketPath?: string }, name: string) {
  const container = engine(spec).getContainer(name);
  const info = await container.inspect().catch((e: { statusCode?: number }) => {
    if (e.statusCode === 404) return undefined;
    throw e;
  });
  return info ? { container, info } : undefined;
}

/** Start `spec` under its name; a container that does not become healthy is removed and the error carries its logs. */
async function startReplica(spec: LocalContainerSpec, name: string) {
  const container = await createNamed(spec, name);
  const result = await startHealthy(spec, container);
  if (result.healthy) return { container, afterMs: result.afterMs };
  const logs = await lastLogLines(container);
  await container.remove({ force: true }).catch(() => undefined);
  return fail(`container ${spec.name} (${spec.platform}) was removed: ${notHealthy(spec, result)}. Last log lines:\n${logs}`);
}

/** The provider. */
export const localContainerProvider: pulumi.dynamic.ResourceProvider = {
  async diff(_id: string, olds: LocalContainerOutputs, news: LocalContainerSpec) {
    const changed = changedKeys(olds, news);
    // Another name is another container; everything else is swapped in place by update.
    const replaces = changed.filter((k) => k === "name");
    return { changes: changed.length > 0, replaces, deleteBeforeReplace: true };
  },

  async create(spec: LocalContainerSpec) {
    await pull(spec);
    const { container, afterMs } = await startReplica(spec, spec.name);
    const outs: LocalContainerOutputs = { ...spec, state: "healthy", containerId: container.id as string, readyAfterMs: afterMs };
    return { id: spec.name, outs };
  },

  async update(_id: string, olds: LocalContainerOutputs, news: LocalContainerSpec) {
    await pull(news); // a missing image fails here, with the running container untouched
    const old = await inspectNamed(olds, olds.name);
    const staging = `${news.name}-next`;
    const created = await createNamed(news, staging);
    const replaced = old ? await stopGracefully(old.container, olds.stopGraceSeconds) : undefined;
    const result = await startHealthy(news, created);
    if (!result.healthy) {
      const logs = await lastLogLines(created);
      await created.remove({ force: true }).catch(() => undefined);
      let rolledBack = "there was no previous container to go back to";
      if (old) {
        const again = await startHealthy(olds, old.container);
        rolledBack = again.healthy
          ? "the previous container was started again and is healthy"
          : `the previous container was started again (${again.status})`;
      }
      return fail(
        `update of container ${news.name} (${news.platform}) rolled back: the new container was removed because ${notHealthy(news, result)}; ${rolledBack}. Last log lines of the new container:\n${logs}`,
      );
    }
    if (old) await old.container.remove({ force: true });
    await created.rename({ name: news.name });
    const outs: LocalContainerOutputs = {
      ...news,
      state: "healthy",
      containerId: created.id as string,
      readyAfterMs: result.afterMs,
      ...(replaced && { replaced }),
    };
    return { outs };
  },

  async read(id: string, props: LocalContainerOutputs) {
    const found = await inspectNamed(props, props.name ?? id);
    if (!found) return {}; // gone: refresh drops it from state, the next up creates it
    const s = found.info.State;
    let state = !s.Running ? "stopped" : (s.Health?.Status ?? "healthy");
    // before Docker's first check, the verdict the rollout used: the health command run now
    const timeoutMs = props.healthcheck.timeoutSeconds * 1000;
    if (
      state === "starting" &&
      isNative(props.platform) &&
      (await healthCommandPasses(found.container as Partial<Execable>, props.healthcheck.test, timeoutMs))
    )
      state = "healthy";
    if (state === "healthy" && props.probe && !(await probeOnce(props.probe.port, props.probe.path, timeoutMs))) state = "unhealthy";
    return { id, props: { ...props, containerId: found.info.Id, state } };
  },

  async delete(id: string, props: LocalContainerOutputs) {
    const found = await inspectNamed(props, props.name ?? id);
    if (!found) return;
    await stopGracefully(found.container, props.stopGraceSeconds);
    await found.container.remove({ force: true }).catch((e: { statusCode?: number }) => {
      if (e.statusCode !== 404) throw e;
    });
  },
};

/** Inputs: every field may be an Output. */
export type LocalContainerArgs = { [K in keyof Omit<LocalContainerSpec, "state">]: pulumi.Input<LocalContainerSpec[K]> };

/**
 * One replica on this machine's Docker engine (a dynamic resource): host networking on a loopback
 * port, cpu, memory and pids limits, every capability dropped but those asked for,
 * no-new-privileges, rotated logs, a Docker health check and an `unless-stopped` restart policy.
 * A change swaps the container behind its name and rolls back when the new one does not become
 * healthy. {@link LocalTarget} makes one per replica.
 *
 * @example
 * ```ts
 * import { LocalContainer } from "@crossarch/components/local";
 * const api = new LocalContainer("api-arm64-0", {
 *   name: "shop-api-arm64-0", image: apiRef, platform: "linux/arm64", env: { PORT: "18080" },
 *   cpu: 0.5, memoryMiB: 512, pidsLimit: 256, capAdd: [], labels: { app: "shop" },
 *   probe: { port: 18080, path: "/healthz" },
 *   healthcheck: { test: ["NONE"], intervalSeconds: 10, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 10 },
 *   readOnlyRootFilesystem: true, stopGraceSeconds: 10, readyTimeoutSeconds: 120,
 * });
 * ```
 */
export class LocalContainer extends pulumi.dynamic.Resource {
  /** The engine's id of the running container. */
  declare readonly containerId: pulumi.Output<string>;
  /** Milliseconds from the last start to healthy. */
  declare readonly readyAfterMs: pulumi.Output<number>;
  /** `healthy` after a deploy; what a refresh found (`unhealthy`, `starting`, `stopped`). */
  declare readonly state: pulumi.Output<string>;
  /** How the container the last update replaced stopped. */
  declare readonly replaced: pulumi.Output<LocalContainerOutputs["replaced"]>;

  constructor(name: string, args: LocalContainerArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      localContainerProvider,
      name,
      { ...args, state: "healthy", containerId: undefined, readyAfterMs: undefined, replaced: undefined },
      opts,
      "crossarch",
      "LocalContainer",
    );
  }
}
