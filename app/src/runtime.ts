/**
 * Helpers shared by the server and the worker: JSON-line logging, the arch this process
 * runs on, JSON responses, the listener lifecycle and signal handling.
 * Node built-ins only, and nothing newer than Node 18.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import { type AddressInfo } from "node:net";

export type LogLevel = "debug" | "info" | "warn" | "error";
export type Logger = (level: LogLevel, event: string, fields?: Record<string, unknown>) => void;

/** One JSON object per line on stdout. */
export function jsonLogger(base: Record<string, unknown> = {}): Logger {
  return (level, event, fields = {}) => {
    process.stdout.write(`${JSON.stringify({ time: new Date().toISOString(), level, event, ...base, ...fields })}\n`);
  };
}

/** Discards everything (tests). */
export const silentLogger: Logger = () => undefined;

/** The arch name containers use for a Node `process.arch` (x64 -> amd64); others pass through. */
export function archOf(nodeArch: string = process.arch): string {
  switch (nodeArch) {
    case "x64":
      return "amd64";
    case "arm64":
      return "arm64";
    default:
      return nodeArch;
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const payload = `${JSON.stringify(body)}\n`;
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(payload),
    "cache-control": "no-store",
  });
  res.end(payload);
}

export type Lifecycle = "starting" | "ready" | "draining" | "closed";

export interface HttpOptions {
  host: string;
  port: number;
  requestTimeoutSeconds: number;
  /** Seconds to keep serving after `close()` is called, before the listener closes. */
  drainDelaySeconds: number;
  log: Logger;
}

/** A listening HTTP server with a readiness state and a graceful `close()`. */
export interface HttpService {
  readonly server: Server;
  readonly port: number;
  readonly host: string;
  state(): Lifecycle;
  setState(state: Lifecycle): void;
  /** In-flight requests. */
  inFlight(): number;
  /** Mark draining, wait the drain delay, stop accepting, finish in-flight requests. Idempotent. */
  close(): Promise<void>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, service: HttpService) => void;

/**
 * Listen with `handler`. The request timeout covers receiving a request (Node's `requestTimeout`)
 * and an idle socket (`server.setTimeout`). While draining, responses carry `connection: close`
 * so keep-alive clients reconnect to another replica.
 */
export function listen(handler: Handler, options: HttpOptions): Promise<HttpService> {
  const timeoutMs = Math.max(1, Math.round(options.requestTimeoutSeconds * 1000));
  const server = createServer({
    requestTimeout: timeoutMs,
    headersTimeout: Math.min(60_000, timeoutMs),
    keepAliveTimeout: 5_000,
    // how often Node checks requestTimeout/headersTimeout (default 30 s is coarser than short timeouts)
    connectionsCheckingInterval: Math.max(100, Math.min(30_000, Math.floor(timeoutMs / 2))),
  });
  server.setTimeout(timeoutMs);

  let state: Lifecycle = "starting";
  let inFlight = 0;
  let closing: Promise<void> | undefined;
  let boundPort = 0;

  return new Promise<HttpService>((resolve, reject) => {
    const service: HttpService = {
      server,
      host: options.host,
      get port() {
        return boundPort;
      },
      state: () => state,
      setState: (next) => {
        state = next;
      },
      inFlight: () => inFlight,
      close: () => {
        closing ??= drainAndClose();
        return closing;
      },
    };

    const drainAndClose = async (): Promise<void> => {
      state = "draining";
      options.log("info", "shutdown.draining", { inFlight, drainDelaySeconds: options.drainDelaySeconds });
      if (options.drainDelaySeconds > 0) await new Promise((r) => setTimeout(r, options.drainDelaySeconds * 1000));
      await new Promise<void>((done) => {
        server.close(() => done());
        // Node 18 keeps idle keep-alive sockets open on close(); Node 19+ closes them itself.
        server.closeIdleConnections();
        options.log("info", "shutdown.listener_closed", { inFlight });
      });
      state = "closed";
      options.log("info", "shutdown.complete", {});
    };

    server.on("request", (req: IncomingMessage, res: ServerResponse) => {
      inFlight++;
      const started = process.hrtime.bigint();
      if (state === "draining" || state === "closed") res.setHeader("connection", "close");
      res.on("close", () => {
        inFlight--;
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        options.log("info", "http.request", { method: req.method, path: req.url, status: res.statusCode, ms: Math.round(ms * 10) / 10 });
      });
      try {
        handler(req, res, service);
      } catch (err) {
        options.log("error", "http.handler_error", { error: String(err) });
        if (!res.headersSent) sendJson(res, 500, { error: "internal error" });
        else res.destroy();
      }
    });
    server.on("timeout", (socket) => {
      options.log("warn", "http.timeout", { timeoutMs });
      socket.destroy();
    });
    server.on("clientError", (err: NodeJS.ErrnoException, socket) => {
      if (err.code !== "ECONNRESET") options.log("warn", "http.client_error", { code: err.code ?? null, error: err.message });
      if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n");
      else socket.destroy();
    });

    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      server.on("error", (err) => options.log("error", "http.server_error", { error: String(err) }));
      boundPort = (server.address() as AddressInfo).port;
      resolve(service);
    });
  });
}

export interface ShutdownOptions {
  graceSeconds: number;
  log: Logger;
  /** Graceful stop; the process exits 0 when it resolves. */
  close: () => Promise<void>;
}

/**
 * SIGTERM/SIGINT: run `close()` and exit 0, or exit 1 when it has not finished within the grace.
 * A second signal is logged and otherwise ignored (the grace timer still applies).
 */
export function exitGracefullyOnSignals(options: ShutdownOptions): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      options.log("warn", "shutdown.signal_ignored", { signal });
      return;
    }
    stopping = true;
    options.log("info", "shutdown.signal", { signal, graceSeconds: options.graceSeconds });
    const force = setTimeout(() => {
      options.log("error", "shutdown.forced", { graceSeconds: options.graceSeconds });
      process.exit(1);
    }, options.graceSeconds * 1000);
    options.close().then(
      () => {
        clearTimeout(force);
        options.log("info", "process.exit", { code: 0 });
        process.exit(0);
      },
      (err: unknown) => {
        clearTimeout(force);
        options.log("error", "shutdown.failed", { error: String(err) });
        process.exit(1);
      },
    );
  };
  process.on("SIGTERM", onSignal);
  process.on("SIGINT", onSignal);
}

/** Log and exit 1 on startup errors (bad settings, port in use). */
export function fail(log: Logger, event: string, err: unknown): never {
  log("error", event, { error: err instanceof Error ? err.message : String(err) });
  process.exit(1);
}

/** What a process entry point needs: its name, how it reads its settings and how it starts. */
export interface ProcessSpec<S extends { shutdownGraceSeconds: number }> {
  /** Default service name (overridden by SERVICE_NAME) and the prefix of its log events. */
  service: string;
  kind: "server" | "worker" | "store";
  settings: () => S;
  start: (settings: S, deps: { log: Logger }) => Promise<{ close(): Promise<void> }>;
}

/** Run a process: read settings (exit 1 on bad ones), install graceful signal handling, start. */
export async function runProcess<S extends { shutdownGraceSeconds: number }>(spec: ProcessSpec<S>): Promise<void> {
  const log = jsonLogger({ service: process.env.SERVICE_NAME || spec.service });
  let settings: S;
  try {
    settings = spec.settings();
  } catch (err) {
    fail(log, "settings.invalid", err);
  }
  log("info", `${spec.kind}.starting`, { pid: process.pid, arch: archOf(process.arch), node: process.version });
  const started = spec.start(settings, { log });
  // Handlers go in before listening so a SIGTERM during startup is graceful too.
  exitGracefullyOnSignals({ graceSeconds: settings.shutdownGraceSeconds, log, close: async () => (await started).close() });
  try {
    await started;
  } catch (err) {
    fail(log, `${spec.kind}.listen_failed`, err);
  }
}
