/**
 * The sample workload in app/: settings validation and the routes of the in-process server
 * and worker. Everything listens on 127.0.0.1 with port 0.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ServerHandle, startServer } from "../../app/src/server";
import { DEFAULTS, SettingsError, settingsFrom } from "../../app/src/settings";
import { silentLogger } from "../../app/src/runtime";
import { type WorkerHandle, job, startWorker, workerSettingsFrom } from "../../app/src/worker";
import { HOST, expectedArch, get, otherArch, sleep, until } from "../helpers/http";

describe("settingsFrom", () => {
  it("defaults everything when nothing is injected", () => {
    const s = settingsFrom({});
    expect(s).toMatchObject({
      host: "0.0.0.0",
      port: 8080,
      injectedArch: null,
      injectedPlatform: null,
      cpu: DEFAULTS.cpu,
      memoryMiB: DEFAULTS.memoryMiB,
      workers: 1,
      requestTimeoutSeconds: 30,
      shutdownGraceSeconds: 10,
      drainDelaySeconds: 0,
    });
    expect(settingsFrom({}, { defaultPort: 8081 }).port).toBe(8081);
    expect(settingsFrom({ PORT: "", CROSSARCH_CPU: "  " }).cpu).toBe(DEFAULTS.cpu);
  });

  it("reads the injected CROSSARCH_* variables", () => {
    const s = settingsFrom({
      HOST: HOST,
      PORT: "9090",
      SERVICE_NAME: "api",
      CROSSARCH_ARCH: "arm64",
      CROSSARCH_PLATFORM: "linux/arm64",
      CROSSARCH_CPU: "0.25",
      CROSSARCH_MEMORY_MIB: "512",
      CROSSARCH_WORKERS: "2",
      CROSSARCH_REQUEST_TIMEOUT_SECONDS: "15",
      CROSSARCH_SHUTDOWN_GRACE_SECONDS: "20",
    });
    expect(s).toEqual({
      service: "api",
      host: HOST,
      port: 9090,
      injectedArch: "arm64",
      injectedPlatform: "linux/arm64",
      cpu: 0.25,
      memoryMiB: 512,
      workers: 2,
      requestTimeoutSeconds: 15,
      shutdownGraceSeconds: 20,
      drainDelaySeconds: 0,
    });
  });

  it.each([
    ["PORT", "http", "an integer from 0 to 65535"],
    ["PORT", "70000", "an integer from 0 to 65535"],
    ["CROSSARCH_CPU", "abc", "a number greater than 0"],
    ["CROSSARCH_CPU", "0", "a number greater than 0"],
    ["CROSSARCH_CPU", "-1", "a number greater than 0"],
    ["CROSSARCH_MEMORY_MIB", "1.5", "an integer from 1"],
    ["CROSSARCH_MEMORY_MIB", "512Mi", "an integer from 1"],
    ["CROSSARCH_WORKERS", "0", "an integer from 1 to 1024"],
    ["CROSSARCH_REQUEST_TIMEOUT_SECONDS", "30s", "a number greater than 0 and at most 3600"],
    ["CROSSARCH_SHUTDOWN_GRACE_SECONDS", "0", "a number greater than 0 and at most 3600"],
    ["CROSSARCH_SHUTDOWN_GRACE_SECONDS", "1e3", "a number greater than 0 and at most 3600"],
    ["CROSSARCH_ARCH", "x86_64", "one of amd64, arm64"],
    ["CROSSARCH_PLATFORM", "linux/arm/v7", "one of linux/amd64, linux/arm64"],
  ])("rejects %s=%s naming the variable, the value and what is allowed", (name, value, allowed) => {
    let caught: unknown;
    try {
      settingsFrom({ [name]: value });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(SettingsError);
    const err = caught as SettingsError;
    expect(err.variable).toBe(name);
    expect(err.message).toContain(name);
    expect(err.message).toContain(JSON.stringify(value));
    expect(err.message).toContain(allowed);
  });

  it("rejects a platform that contradicts the arch, and a drain delay as long as the grace", () => {
    expect(() => settingsFrom({ CROSSARCH_ARCH: "amd64", CROSSARCH_PLATFORM: "linux/arm64" })).toThrow(
      /CROSSARCH_PLATFORM="linux\/arm64".*linux\/amd64 to match CROSSARCH_ARCH=amd64/,
    );
    expect(() => settingsFrom({ DRAIN_DELAY_SECONDS: "10", CROSSARCH_SHUTDOWN_GRACE_SECONDS: "10" })).toThrow(
      /DRAIN_DELAY_SECONDS="10".*less than CROSSARCH_SHUTDOWN_GRACE_SECONDS \(10\)/,
    );
    expect(() => workerSettingsFrom({ WORK_INTERVAL_SECONDS: "fast" })).toThrow(/WORK_INTERVAL_SECONDS="fast"/);
  });
});

describe("server (in process)", () => {
  let server: ServerHandle;

  beforeAll(async () => {
    server = await startServer(
      settingsFrom({
        HOST,
        PORT: "0",
        SERVICE_NAME: "sample",
        CROSSARCH_ARCH: expectedArch,
        CROSSARCH_PLATFORM: `linux/${expectedArch}`,
        CROSSARCH_CPU: "2",
        CROSSARCH_MEMORY_MIB: "2048",
        CROSSARCH_WORKERS: "3",
        CROSSARCH_REQUEST_TIMEOUT_SECONDS: "12",
        CROSSARCH_SHUTDOWN_GRACE_SECONDS: "7",
      }),
      { log: silentLogger },
    );
  });

  afterAll(async () => {
    await server?.close();
  });

  it("reports the arch it runs on and the injected settings", async () => {
    expect(server.port).toBeGreaterThan(0);
    const res = await get(server.port, "/");
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toMatch(/^application\/json/);
    expect(res.body).toMatchObject({
      service: "sample",
      arch: expectedArch,
      platform: `linux/${expectedArch}`,
      node: process.version,
      settings: { cpu: 2, memoryMiB: 2048, workers: 3, requestTimeoutSeconds: 12, shutdownGraceSeconds: 7, injectedArch: expectedArch },
      archMatches: true,
    });
    const body = res.body as { uname: string; hostname: string; uptimeSeconds: number };
    expect(body.uname).toMatch(expectedArch === "amd64" ? /^x86_64$/ : /^(aarch64|arm64)$/);
    expect(typeof body.hostname).toBe("string");
    expect(body.uptimeSeconds).toBeGreaterThanOrEqual(0);
  });

  it("serves /healthz and /readyz, and 404 JSON for anything else", async () => {
    expect(await get(server.port, "/healthz")).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(await get(server.port, "/readyz")).toMatchObject({ status: 200, body: { status: "ready" } });
    expect(await get(server.port, "/healthz?probe=1")).toMatchObject({ status: 200 });
    const missing = await get(server.port, "/nope");
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: "not found", path: "/nope" });
  });

  it("says archMatches false when the platform injected another arch", async () => {
    const other = await startServer(settingsFrom({ HOST, PORT: "0", CROSSARCH_ARCH: otherArch }), { log: silentLogger });
    try {
      const res = await get(other.port, "/");
      expect(res.body).toMatchObject({ arch: expectedArch, settings: { injectedArch: otherArch }, archMatches: false });
    } finally {
      await other.close();
    }
    await expect(get(other.port, "/healthz", 1_000)).rejects.toThrow();
  });

  it("close() stops accepting, is idempotent and resolves", async () => {
    const s = await startServer(settingsFrom({ HOST, PORT: "0" }), { log: silentLogger });
    expect((await get(s.port, "/readyz")).status).toBe(200);
    await Promise.all([s.close(), s.close()]);
    await expect(get(s.port, "/readyz", 1_000)).rejects.toThrow(/ECONNREFUSED/);
  });

  it("answers /readyz 503 while draining and still serves liveness", async () => {
    const s = await startServer(settingsFrom({ HOST, PORT: "0", DRAIN_DELAY_SECONDS: "0.5", CROSSARCH_SHUTDOWN_GRACE_SECONDS: "5" }), {
      log: silentLogger,
    });
    const closed = s.close();
    const ready = await get(s.port, "/readyz");
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({ status: "draining" });
    expect(ready.headers.connection).toBe("close");
    expect((await get(s.port, "/healthz")).status).toBe(200);
    await closed;
  });
});

describe("worker (in process)", () => {
  let worker: WorkerHandle | undefined;
  afterEach(async () => {
    await worker?.close();
    worker = undefined;
  });

  it("hashes periodically and serves only /healthz and /readyz", async () => {
    expect(job(1)).toMatch(/^[0-9a-f]{64}$/);
    expect(job(1)).toBe(job(1));
    const settings = workerSettingsFrom({ HOST, PORT: "0", WORK_INTERVAL_SECONDS: "0.05" });
    expect(settings.service).toBe("crossarch-sample-worker");
    expect(workerSettingsFrom({}).port).toBe(8081);
    worker = await startWorker(settings, { log: silentLogger });
    const w = worker;
    await until(async () => ((await get(w.port, "/readyz")).status === 200 ? true : undefined), 50, 50);
    await until(async () => (w.jobs() >= 3 ? true : undefined), 50, 50);
    expect(await get(w.port, "/healthz")).toMatchObject({ status: 200, body: { status: "ok" } });
    expect((await get(w.port, "/")).status).toBe(404);
    const before = w.jobs();
    await w.close();
    await sleep(200);
    expect(w.jobs()).toBe(before);
  });
});
