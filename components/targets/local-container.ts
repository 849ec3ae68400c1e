/**
 * LocalContainer: one container on this machine's Docker engine, as a Pulumi dynamic resource
 * (the @pulumi/docker provider cannot be built offline). Host networking on a loopback port,
 * cpu/memory limits, a Docker health check and a restart policy. `create` waits, bounded, until
 * the container is healthy; otherwise it removes it and fails with its last log lines, so state
 * never holds a container that is not running healthy.
 */
import * as pulumi from "@pulumi/pulumi";

/** What a container is made from (all plain values: the provider runs them in its own process). */
export interface LocalContainerSpec {
  /** Container name. */
  name: string;
  /** Digest-pinned image reference. */
  image: string;
  /** `linux/amd64` or `linux/arm64`: the foreign one runs under QEMU. */
  platform: string;
  env: Record<string, string>;
  command?: string[];
  cpu: number;
  memoryMiB: number;
  /** Docker exec form, e.g. `["CMD", "node", "dist/healthcheck.js"]`. */
  healthcheck: { test: string[]; intervalSeconds: number; timeoutSeconds: number; retries: number; startPeriodSeconds: number };
  readOnlyRootFilesystem: boolean;
  user?: string;
  labels: Record<string, string>;
  /** Seconds `delete` gives the process to exit after SIGTERM. */
  stopGraceSeconds: number;
  /** Seconds `create` waits for the health check to pass. */
  readyTimeoutSeconds: number;
  /** Registry credentials for the pull (secret). */
  registryAuth?: { serveraddress: string; username: string; password: string };
  /** The engine's socket; default /var/run/docker.sock. */
  socketPath?: string;
}

/** Outputs: the spec plus what the engine assigned. */
export interface LocalContainerOutputs extends LocalContainerSpec {
  containerId: string;
  /** Milliseconds from create to healthy. */
  readyAfterMs: number;
}

/** The provider: runs inside Pulumi's dynamic-provider host, so every dependency is required inside. */
export const localContainerProvider: pulumi.dynamic.ResourceProvider = {
  async diff(_id: string, olds: LocalContainerOutputs, news: LocalContainerSpec) {
    const keys = Object.keys(news).filter((k) => k !== "readyTimeoutSeconds" && k !== "socketPath") as (keyof LocalContainerSpec)[];
    const replaces = keys.filter((k) => JSON.stringify(olds[k]) !== JSON.stringify(news[k]));
    // Same name and host port: the old container must go before the new one starts.
    return { changes: replaces.length > 0, replaces, deleteBeforeReplace: true };
  },

  async create(spec: LocalContainerSpec) {
    const Docker = require("dockerode"); // eslint-disable-line @typescript-eslint/no-require-imports
    const docker = new Docker({ socketPath: spec.socketPath ?? "/var/run/docker.sock" });
    const started = Date.now();
    const stream = await docker.pull(spec.image, { platform: spec.platform, ...(spec.registryAuth && { authconfig: spec.registryAuth }) });
    await new Promise((resolve, reject) =>
      docker.modem.followProgress(stream, (err: Error | null) => (err ? reject(err) : resolve(undefined))),
    );
    const old = docker.getContainer(spec.name);
    await old.remove({ force: true }).catch(() => undefined); // a leftover of a crashed run
    const ns = (s: number) => Math.round(s * 1e9);
    const container = await docker.createContainer({
      name: spec.name,
      Image: spec.image,
      platform: spec.platform,
      Env: Object.entries(spec.env).map(([k, v]) => `${k}=${v}`),
      ...(spec.command && { Cmd: spec.command }),
      ...(spec.user && { User: spec.user }),
      Labels: spec.labels,
      Healthcheck: {
        Test: spec.healthcheck.test,
        Interval: ns(spec.healthcheck.intervalSeconds),
        Timeout: ns(spec.healthcheck.timeoutSeconds),
        Retries: spec.healthcheck.retries,
        StartPeriod: ns(spec.healthcheck.startPeriodSeconds),
      },
      HostConfig: {
        NetworkMode: "host",
        NanoCpus: Math.round(spec.cpu * 1e9),
        Memory: spec.memoryMiB * 1024 * 1024,
        RestartPolicy: { Name: "unless-stopped" },
        ReadonlyRootfs: spec.readOnlyRootFilesystem,
        ...(spec.readOnlyRootFilesystem && { Tmpfs: { "/tmp": "rw,noexec,nosuid,size=16m" } }),
      },
    });
    await container.start();
    const deadline = started + spec.readyTimeoutSeconds * 1000;
    let status = "starting";
    while (Date.now() < deadline) {
      const info = await container.inspect();
      status = info.State.Health?.Status ?? (info.State.Running ? "running" : "exited");
      if (status === "healthy" || status === "unhealthy" || !info.State.Running) break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    if (status !== "healthy") {
      const raw = (await container.logs({ stdout: true, stderr: true, tail: 20 }).catch(() => Buffer.alloc(0))) as Buffer;
      // Without a TTY the engine frames each chunk: 1 byte stream, 3 zero bytes, 4 bytes length.
      const chunks: string[] = [];
      for (let at = 0; at + 8 <= raw.length;) {
        const size = raw.readUInt32BE(at + 4);
        chunks.push(raw.subarray(at + 8, at + 8 + size).toString("utf8"));
        at += 8 + size;
      }
      await container.remove({ force: true }).catch(() => undefined);
      class ContainerNotHealthyError extends Error {}
      throw new ContainerNotHealthyError(
        `container ${spec.name} (${spec.platform}) did not become healthy within ${spec.readyTimeoutSeconds}s (last state: ${status}); it was removed. Last log lines:\n${chunks.join("").trim() || "(no output)"}`,
      );
    }
    return { id: container.id as string, outs: { ...spec, containerId: container.id as string, readyAfterMs: Date.now() - started } };
  },

  async read(id: string, props: LocalContainerOutputs) {
    const Docker = require("dockerode"); // eslint-disable-line @typescript-eslint/no-require-imports
    const docker = new Docker({ socketPath: props.socketPath ?? "/var/run/docker.sock" });
    try {
      const info = await docker.getContainer(id).inspect();
      return { id, props: { ...props, containerId: info.Id } };
    } catch {
      return {}; // gone: refresh drops it from state
    }
  },

  async delete(id: string, props: LocalContainerOutputs) {
    const Docker = require("dockerode"); // eslint-disable-line @typescript-eslint/no-require-imports
    const container = new Docker({ socketPath: props.socketPath ?? "/var/run/docker.sock" }).getContainer(id);
    await container.stop({ t: props.stopGraceSeconds }).catch(() => undefined);
    await container.remove({ force: true }).catch((e: { statusCode?: number }) => {
      if (e.statusCode !== 404) throw e;
    });
  },
};

/** Inputs: every field may be an Output. */
export type LocalContainerArgs = { [K in keyof LocalContainerSpec]: pulumi.Input<LocalContainerSpec[K]> };

export class LocalContainer extends pulumi.dynamic.Resource {
  declare readonly containerId: pulumi.Output<string>;
  declare readonly readyAfterMs: pulumi.Output<number>;

  constructor(name: string, args: LocalContainerArgs, opts?: pulumi.CustomResourceOptions) {
    super(localContainerProvider, name, { ...args, containerId: undefined, readyAfterMs: undefined }, opts, "crossarch", "LocalContainer");
  }
}
