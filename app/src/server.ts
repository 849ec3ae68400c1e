/**
 * The sample HTTP service. `GET /` reports the arch it runs on and the settings the platform
 * injected; `/healthz` is liveness, `/readyz` readiness (503 while starting or draining).
 *
 * Run directly (`node dist/server.js`) it reads its settings from the environment, listens,
 * and shuts down gracefully on SIGTERM/SIGINT within CROSSARCH_SHUTDOWN_GRACE_SECONDS.
 */
import { hostname, machine } from "node:os";
import { type Settings, settingsFrom } from "./settings";
import { type HttpService, type Logger, archOf, jsonLogger, listen, runProcess, sendJson } from "./runtime";
import { storeCall } from "./store";

export interface ServerHandle {
  /** The port actually bound (useful with PORT=0). */
  port: number;
  /** Graceful stop: not ready, stop accepting, finish in-flight requests. Idempotent. */
  close(): Promise<void>;
}

export interface ServerOptions {
  log?: Logger;
  /** Where `/chain` reads its connection (`CHAIN_NEXT`, `<NEXT>_URL`, ...); default process.env. */
  env?: Readonly<Record<string, string | undefined>>;
}

/** The next hop of `/chain` failed. */
export class ChainError extends Error {
  override name = "ChainError";
}

/** What `GET /chain` answers: this hop, and the next one's answer. */
export interface ChainHop {
  service: string;
  arch: string;
  next?: ChainHop | { service: string; arch: string; hits: number };
}

/**
 * One hop of the sample system: answer with this service and arch, and, when `CHAIN_NEXT`
 * names a connection, the next hop's answer: an HTTP service's `/chain` at `<NEXT>_URL`, or a
 * store over TCP at `<NEXT>_HOST`:`<NEXT>_PORT` with the password in `<NEXT>_PASSWORD`.
 */
export async function chain(settings: Settings, env: Readonly<Record<string, string | undefined>>): Promise<ChainHop> {
  const here = { service: settings.service, arch: archOf(process.arch) };
  const next = env.CHAIN_NEXT?.trim();
  if (!next) return here;
  const prefix = next.toUpperCase().replace(/-/g, "_");
  const url = env[`${prefix}_URL`] ?? "";
  if (/^https?:\/\//.test(url)) {
    const res = await fetch(`${url.replace(/\/$/, "")}/chain`, { signal: AbortSignal.timeout(10_000) });
    if (!res.ok) throw new ChainError(`${next} answered ${res.status}`);
    return { ...here, next: (await res.json()) as ChainHop };
  }
  const host = env[`${prefix}_HOST`] ?? "";
  const port = Number(env[`${prefix}_PORT`]);
  const [hits, info] = await storeCall({ host, port }, env[`${prefix}_PASSWORD`] ?? "", ["INCR hits", "INFO"]);
  return { ...here, next: { ...(JSON.parse(info) as { service: string; arch: string }), hits: Number(hits) } };
}

/** What `GET /` answers. */
export interface InfoResponse {
  service: string;
  arch: string;
  platform: string;
  uname: string;
  node: string;
  settings: {
    cpu: number;
    memoryMiB: number;
    workers: number;
    requestTimeoutSeconds: number;
    shutdownGraceSeconds: number;
    injectedArch: string | null;
  };
  archMatches: boolean;
  hostname: string;
  uptimeSeconds: number;
}

export function info(settings: Settings): InfoResponse {
  const arch = archOf(process.arch);
  return {
    service: settings.service,
    arch,
    platform: `linux/${arch}`,
    uname: machine(),
    node: process.version,
    settings: {
      cpu: settings.cpu,
      memoryMiB: settings.memoryMiB,
      workers: settings.workers,
      requestTimeoutSeconds: settings.requestTimeoutSeconds,
      shutdownGraceSeconds: settings.shutdownGraceSeconds,
      injectedArch: settings.injectedArch,
    },
    archMatches: settings.injectedArch === arch,
    hostname: hostname(),
    uptimeSeconds: Math.round(process.uptime() * 10) / 10,
  };
}

function path(url: string | undefined): string {
  const raw = url ?? "/";
  const q = raw.indexOf("?");
  return q === -1 ? raw : raw.slice(0, q);
}

export async function startServer(settings: Settings, options: ServerOptions = {}): Promise<ServerHandle> {
  const log = options.log ?? jsonLogger({ service: settings.service });
  const service: HttpService = await listen(
    (req, res, svc) => {
      const route = path(req.url);
      if (req.method !== "GET" && req.method !== "HEAD") {
        res.setHeader("allow", "GET, HEAD");
        sendJson(res, 405, { error: "method not allowed", method: req.method });
        return;
      }
      switch (route) {
        case "/":
          sendJson(res, 200, info(settings));
          return;
        case "/healthz":
          sendJson(res, 200, { status: "ok" });
          return;
        case "/chain":
          chain(settings, options.env ?? process.env).then(
            (body) => sendJson(res, 200, body),
            (err: Error) => sendJson(res, 502, { service: settings.service, error: err.message }),
          );
          return;
        case "/readyz": {
          const state = svc.state();
          sendJson(res, state === "ready" ? 200 : 503, { status: state === "ready" ? "ready" : state });
          return;
        }
        default:
          sendJson(res, 404, { error: "not found", path: route });
      }
    },
    {
      host: settings.host,
      port: settings.port,
      requestTimeoutSeconds: settings.requestTimeoutSeconds,
      drainDelaySeconds: settings.drainDelaySeconds,
      log,
    },
  );
  service.setState("ready");
  const arch = archOf(process.arch);
  log("info", "server.listening", {
    host: settings.host,
    port: service.port,
    arch,
    injectedArch: settings.injectedArch,
    archMatches: settings.injectedArch === arch,
    node: process.version,
    pid: process.pid,
  });
  return { port: service.port, close: () => service.close() };
}

async function main(): Promise<void> {
  await runProcess({ service: "crossarch-sample-app", kind: "server", settings: () => settingsFrom(process.env), start: startServer });
}

if (require.main === module) {
  void main();
}
