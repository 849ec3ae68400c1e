/**
 * When a local replica is healthy: Docker's verdict on the container's health command, the
 * outside probe this machine runs (as Container Apps and OCI probe from outside), and before
 * Docker's first check the same command run once by the provider. Runs inside Pulumi's
 * dynamic-provider host with LocalContainer: dependencies are required inside.
 */
import { archOfNode, platformOf } from "../model/arch";
import type { Inspected, LocalContainerSpec } from "./container";

/** One probe from this machine, bounded by `timeoutMs`: an HTTP GET answering 2xx/3xx, or a TCP connect. */
export async function probeOnce(port: number, path: string | undefined, timeoutMs: number): Promise<boolean> {
  const net = require("node:net"); // eslint-disable-line @typescript-eslint/no-require-imports
  const http = require("node:http"); // eslint-disable-line @typescript-eslint/no-require-imports
  return new Promise((resolve) => {
    let settled = false;
    let req: { destroy(): void; end(): void; on(e: string, f: () => void): unknown } | undefined = undefined;
    const done = (ok: boolean) => {
      if (settled) return;
      settled = true;
      req?.destroy();
      resolve(ok);
    };
    setTimeout(() => done(false), timeoutMs).unref();
    req =
      path === undefined
        ? net.connect({ host: "127.0.0.1", port }, () => done(true))
        : http.get({ host: "127.0.0.1", port, path }, (res: { statusCode?: number; resume(): void }) => {
            res.resume();
            done((res.statusCode ?? 500) < 400);
          });
    req?.on("error", () => done(false));
  });
}

/** The part of a dockerode container that runs a command in it. */
export interface Execable {
  exec(o: object): Promise<{ start(o: object): Promise<NodeJS.ReadableStream>; inspect(): Promise<{ ExitCode: number | null }> }>;
}

/** True for a replica of this machine's own arch (`linux/amd64` on x64): one that runs without QEMU. */
export function isNative(platform: string): boolean {
  const host = archOfNode(process.arch);
  return host !== undefined && platform === platformOf(host);
}

/**
 * Run the container's own health command once, now: true when it exits 0 within `timeoutMs`.
 * Docker (20.10, Debian 12's) runs the first check only one interval after the start, so a
 * rollout that waited for Docker's verdict would wait that interval on every replica; the same
 * command run at once gives the same verdict without the wait. The command runs inside the
 * container's own cpu and memory limits, beside the app: callers run it once per start, never in
 * a loop, and only on a replica of this machine's own arch (under QEMU an emulated Node.js takes
 * seconds at 0.5 vCPU, and a second copy beside Docker's own check slowed both: BENCHMARKS.md).
 */
export async function healthCommandPasses(container: Partial<Execable>, test: string[], timeoutMs: number): Promise<boolean> {
  if (typeof container.exec !== "function" || test[0] === "NONE" || test.length < 2) return false;
  const cmd = test[0] === "CMD-SHELL" ? ["/bin/sh", "-c", test[1]] : test.slice(1);
  const exec = container.exec.bind(container);
  const run = async () => {
    const started = await exec({ Cmd: cmd, AttachStdout: true, AttachStderr: true });
    const stream = await started.start({});
    await new Promise<void>((resolve) => {
      stream.on("end", resolve);
      stream.on("error", resolve);
      stream.resume();
    });
    return (await started.inspect()).ExitCode === 0;
  };
  const late = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  return Promise.race([run().catch(() => false), late]); // false: Docker's own check decides
}

/** Start a created container and wait, bounded, until it reports healthy; returns the state reached. */
export async function startHealthy(
  spec: LocalContainerSpec,
  container: { start(): Promise<unknown>; inspect(): Promise<Inspected> } & Partial<Execable>,
) {
  const started = Date.now();
  await container.start();
  const deadline = started + spec.readyTimeoutSeconds * 1000;
  const timeoutMs = spec.healthcheck.timeoutSeconds * 1000;
  let status = "starting";
  let ranCommand = false;
  while (Date.now() < deadline) {
    const info = await container.inspect();
    const docker = info.State.Health?.Status ?? (info.State.Running ? "healthy" : "exited");
    if (docker === "unhealthy" || !info.State.Running) {
      status = docker === "unhealthy" ? "unhealthy" : "exited";
      break;
    }
    const probed = spec.probe ? await probeOnce(spec.probe.port, spec.probe.readyPath ?? spec.probe.path, timeoutMs) : true;
    // before Docker's first check, the same command run once, as soon as the probe passes
    let checked = docker === "healthy";
    if (!checked && docker === "starting" && probed && !ranCommand && isNative(spec.platform)) {
      ranCommand = true;
      checked = await healthCommandPasses(container, spec.healthcheck.test, timeoutMs);
    }
    status = checked && probed ? "healthy" : "starting";
    if (status === "healthy") break;
    await new Promise((r) => setTimeout(r, 500));
  }
  return { healthy: status === "healthy", status, afterMs: Date.now() - started };
}

/** Why a start did not end healthy, with the time it really took. */
export function notHealthy(spec: LocalContainerSpec, result: { status: string; afterMs: number }): string {
  const after = Math.round(result.afterMs / 1000);
  if (result.status === "unhealthy") return `its health check failed (unhealthy after ${after}s)`;
  if (result.status === "exited") return `it exited after ${after}s`;
  return `it did not become healthy within ${spec.readyTimeoutSeconds}s (last state: ${result.status})`;
}
