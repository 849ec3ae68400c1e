/**
 * How a local replica's start is judged healthy: Docker's verdict, or before Docker's first
 * check (one interval after the start on Docker 20.10) the container's own health command run
 * once, as soon as the outside probe passes, on a replica of this machine's own arch.
 */
import { describe, expect, it } from "vitest";
import type { LocalContainerSpec } from "../../components/local/container";
import { startHealthy } from "../../components/local/health";

/** This machine's own platform, and the other one (run under QEMU). */
const NATIVE = `linux/${process.arch === "x64" ? "amd64" : process.arch}`;
const EMULATED = NATIVE === "linux/amd64" ? "linux/arm64" : "linux/amd64";

const spec = (test: string[], readyTimeoutSeconds = 3, platform = NATIVE) =>
  ({
    platform,
    healthcheck: { test, intervalSeconds: 5, timeoutSeconds: 1, retries: 3, startPeriodSeconds: 0 },
    readyTimeoutSeconds,
  }) as LocalContainerSpec;

/** A container whose Docker health reads `states` in turn (the last one repeats) and whose exec ends as `exec` says. */
function fakeContainer(states: string[], exec: "passes" | "fails" | "hangs" | "throws") {
  const calls: string[][] = [];
  let reads = 0;
  return {
    calls,
    start: async () => undefined,
    inspect: async () => ({ Id: "c1", State: { Running: true, Health: { Status: states[Math.min(reads++, states.length - 1)] } } }),
    exec: async (o: { Cmd: string[] }) => {
      calls.push(o.Cmd);
      if (exec === "throws") throw new TypeError("exec refused");
      return {
        start: async () => {
          const { PassThrough } = await import("node:stream");
          const stream = new PassThrough();
          if (exec !== "hangs") setTimeout(() => stream.end(), 10);
          return stream;
        },
        inspect: async () => ({ ExitCode: exec === "passes" ? 0 : exec === "fails" ? 1 : null }),
      };
    },
  };
}

describe("a local replica's start", () => {
  it("is healthy at once when its health command passes before Docker's first check", async () => {
    const c = fakeContainer(["starting"], "passes");
    const r = await startHealthy(spec(["CMD", "node", "dist/healthcheck.js"]), c);
    expect(r).toMatchObject({ healthy: true, status: "healthy" });
    expect(r.afterMs).toBeLessThan(1000);
    expect(c.calls).toEqual([["node", "dist/healthcheck.js"]]);
  });

  it("waits for Docker's verdict on a replica of the other arch: no second health command under QEMU", async () => {
    const c = fakeContainer(["starting", "starting", "healthy"], "passes");
    const r = await startHealthy(spec(["CMD", "node", "dist/healthcheck.js"], 3, EMULATED), c);
    expect(r.status).toBe("healthy");
    expect(r.afterMs).toBeGreaterThanOrEqual(900); // two polls of Docker's status, not the command
    expect(c.calls).toEqual([]);
  });

  it("runs a shell-form command through /bin/sh", async () => {
    const c = fakeContainer(["starting"], "passes");
    await startHealthy(spec(["CMD-SHELL", "curl -f localhost/healthz"]), c);
    expect(c.calls).toEqual([["/bin/sh", "-c", "curl -f localhost/healthz"]]);
  });

  it("runs a failing command once, never in a loop, and then waits for Docker's verdict", async () => {
    const c = fakeContainer(["starting", "starting", "starting", "healthy"], "fails");
    const r = await startHealthy(spec(["CMD", "false"]), c);
    expect(r.status).toBe("healthy");
    expect(c.calls).toHaveLength(1);
  });

  it("gives up on a command that outlives the health timeout, once", async () => {
    const c = fakeContainer(["starting", "starting", "unhealthy"], "hangs");
    const started = Date.now();
    const r = await startHealthy(spec(["CMD", "sleep", "60"]), c);
    expect(r.status).toBe("unhealthy");
    expect(c.calls).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(2500); // the 1 s timeout and a poll, not the command's 60 s
  });

  it("leaves the verdict to Docker when the engine refuses the exec, or the image has no health command", async () => {
    const refused = fakeContainer(["starting", "healthy"], "throws");
    expect((await startHealthy(spec(["CMD", "true"]), refused)).status).toBe("healthy");
    const none = fakeContainer(["starting"], "passes");
    const r = await startHealthy(spec(["NONE"], 1), none);
    expect(r.status).toBe("starting"); // Docker never reports a verdict in this fake: the start times out
    expect(none.calls).toEqual([]);
  });
});
