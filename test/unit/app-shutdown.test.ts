/**
 * Graceful shutdown of the sample workload as a real process: app/src transpiled into a temp
 * dir, run with this Node on 127.0.0.1, sent SIGTERM.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOST, expectedArch, get, sleep, until } from "../helpers/http";

const APP_SRC = join(__dirname, "../../app/src");

describe("graceful shutdown of the real process", () => {
  let dir: string;
  const children: ChildProcess[] = [];

  beforeAll(() => {
    // Transpile app/src (no type check: app has its own tsc run) into a temp dir to run with this Node.
    dir = mkdtempSync(join(tmpdir(), "crossarch-app-"));
    for (const file of readdirSync(APP_SRC).filter((f) => f.endsWith(".ts"))) {
      const out = ts.transpileModule(readFileSync(join(APP_SRC, file), "utf8"), {
        compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
        fileName: file,
      });
      writeFileSync(join(dir, file.replace(/\.ts$/, ".js")), out.outputText);
    }
  });

  afterAll(() => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });

  interface Running {
    child: ChildProcess;
    port: number;
    events: () => Array<Record<string, unknown>>;
    exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>;
  }

  /** Start `script` with `env`; resolves once it logged the port it listens on (at most 10 s). */
  function run(script: string, env: Record<string, string>, listenEvent: string): Promise<Running> {
    const child = spawn(process.execPath, [join(dir, script)], {
      env: { PATH: process.env.PATH ?? "", HOST, PORT: "0", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    children.push(child);
    let out = "";
    let err = "";
    const events = () =>
      out
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; atMs: number }>((resolve) =>
      child.on("exit", (code, signal) => resolve({ code, signal, atMs: Date.now() })),
    );
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${script} did not listen within 10 s; stdout: ${out} stderr: ${err}`)), 10_000);
      const onData = () => {
        const listening = events().find((e) => e.event === listenEvent);
        if (listening) {
          clearTimeout(timer);
          child.stdout?.off("data", onData);
          resolve({ child, port: Number(listening.port), events, exited });
        }
      };
      child.stdout?.on("data", onData);
      void exited.then(({ code }) => {
        clearTimeout(timer);
        reject(new Error(`${script} exited (${code}) before listening; stdout: ${out} stderr: ${err}`));
      });
    });
  }

  it("on SIGTERM: /readyz goes 503, in-flight work finishes, exit 0 within the grace", async () => {
    const graceSeconds = 4;
    const app = await run(
      "server.js",
      { CROSSARCH_ARCH: expectedArch, CROSSARCH_SHUTDOWN_GRACE_SECONDS: String(graceSeconds), DRAIN_DELAY_SECONDS: "1" },
      "server.listening",
    );
    expect((await get(app.port, "/readyz")).status).toBe(200);
    expect((await get(app.port, "/")).body).toMatchObject({ arch: expectedArch, archMatches: true });

    // A request in flight across the signal: headers started before SIGTERM, finished while draining.
    const inFlight = connect(app.port, HOST);
    let answer = "";
    inFlight.setEncoding("utf8");
    inFlight.on("data", (d: string) => (answer += d));
    inFlight.on("error", () => undefined);
    const answered = new Promise<void>((resolve) => inFlight.on("close", () => resolve()));
    await new Promise<void>((resolve) => inFlight.once("connect", () => resolve()));
    inFlight.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n");

    const signalledAt = Date.now();
    app.child.kill("SIGTERM");
    const draining = await until(
      async () => {
        const r = await get(app.port, "/readyz", 1_000);
        return r.status === 503 ? r : undefined;
      },
      20,
      25,
    );
    expect(draining.body).toEqual({ status: "draining" });
    expect((await get(app.port, "/healthz", 1_000)).status).toBe(200);
    inFlight.write("\r\n");
    await Promise.race([answered, sleep(3_000)]);
    inFlight.destroy();
    expect(answer).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(answer.toLowerCase()).toContain("connection: close");
    expect(answer).toContain('{"status":"ok"}');

    const exit = await app.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    expect(exit.atMs - signalledAt).toBeLessThan(graceSeconds * 1000);
    expect(exit.atMs - signalledAt).toBeGreaterThanOrEqual(900); // the 1 s drain delay
    const names = app.events().map((e) => e.event);
    expect(names).toEqual(expect.arrayContaining(["shutdown.signal", "shutdown.draining", "shutdown.complete", "process.exit"]));
    await expect(get(app.port, "/healthz", 1_000)).rejects.toThrow(/ECONNREFUSED/);
  });

  it("forces exit 1 when a connection is still busy after the grace", async () => {
    const app = await run(
      "server.js",
      { CROSSARCH_SHUTDOWN_GRACE_SECONDS: "1", CROSSARCH_REQUEST_TIMEOUT_SECONDS: "30" },
      "server.listening",
    );
    // A request whose headers never finish keeps its connection busy.
    const socket = connect(app.port, HOST);
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("error", reject);
    });
    socket.on("error", () => undefined);
    socket.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n");
    await sleep(100);
    const signalledAt = Date.now();
    app.child.kill("SIGTERM");
    const exit = await app.exited;
    socket.destroy();
    expect(exit).toMatchObject({ code: 1, signal: null });
    expect(exit.atMs - signalledAt).toBeGreaterThanOrEqual(900);
    expect(exit.atMs - signalledAt).toBeLessThan(5_000);
    expect(app.events().map((e) => e.event)).toContain("shutdown.forced");
  });

  it("the worker exits 0 on SIGTERM", async () => {
    const worker = await run("worker.js", { WORK_INTERVAL_SECONDS: "0.1", CROSSARCH_SHUTDOWN_GRACE_SECONDS: "3" }, "worker.listening");
    await until(async () => ((await get(worker.port, "/readyz")).status === 200 ? true : undefined), 40, 50);
    worker.child.kill("SIGTERM");
    const exit = await worker.exited;
    expect(exit).toMatchObject({ code: 0, signal: null });
    const events = worker.events();
    expect(events.filter((e) => e.event === "worker.job").length).toBeGreaterThanOrEqual(1);
    expect(events.map((e) => e.event)).toContain("worker.stopped");
  });

  it("the health check CLI exits 0 on 2xx and 1 otherwise", async () => {
    const app = await run("server.js", {}, "server.listening");
    const check = (env: Record<string, string>) =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [join(dir, "healthcheck.js")], {
          env: { PATH: process.env.PATH ?? "", ...env },
          stdio: "ignore",
        });
        const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
        child.on("exit", (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
    expect(await check({ PORT: String(app.port) })).toBe(0);
    expect(await check({ PORT: String(app.port), HEALTH_PATH: "/readyz" })).toBe(0);
    expect(await check({ PORT: String(app.port), HEALTH_PATH: "/missing" })).toBe(1);
    app.child.kill("SIGTERM");
    expect((await app.exited).code).toBe(0);
    expect(await check({ PORT: String(app.port) })).toBe(1);
  });
});
