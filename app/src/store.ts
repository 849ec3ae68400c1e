/**
 * The store role: a tiny password-protected counter over TCP, standing in for a database in
 * the sample system (web -> api -> store). Line protocol, one command per line:
 *   AUTH <password>  -> OK | ERR auth (and the connection closes)
 *   INCR <key>       -> the key's new count
 *   INFO             -> {"service":..., "arch":...} as one JSON line
 * Anything before a good AUTH is refused. The password comes from STORE_PASSWORD (required);
 * it listens on HOST:PORT (default 6380). With STORE_DATA (a directory, e.g. a persistent
 * volume) the counts are kept in STORE_DATA/counts.json, written after every INCR and read at
 * start, so they survive a new container. SIGTERM: stop accepting, close clients, exit 0.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { connect, createServer, type Socket } from "node:net";
import { type Env, SettingsError, settingsFrom, type Settings } from "./settings";
import { type Logger, archOf, jsonLogger, runProcess } from "./runtime";

export const STORE_DEFAULT_PORT = 6380;

/** A store call that did not succeed: refused, timed out or cut off. */
export class StoreCallError extends Error {
  override name = "StoreCallError";
}

export interface StoreSettings extends Settings {
  /** The password clients must give (env `STORE_PASSWORD`). */
  password: string;
  /** Where the counts are kept across restarts (env `STORE_DATA`); in memory only when unset. */
  dataDir?: string;
}

export function storeSettingsFrom(env: Env): StoreSettings {
  const base = settingsFrom(env, { defaultPort: STORE_DEFAULT_PORT, defaultService: "crossarch-sample-store" });
  const password = env.STORE_PASSWORD ?? "";
  if (password.length < 8) throw new SettingsError("STORE_PASSWORD", password ? "(hidden)" : "", "a password of at least 8 characters");
  const dataDir = env.STORE_DATA?.trim();
  if (dataDir !== undefined && dataDir !== "" && !path.isAbsolute(dataDir))
    throw new SettingsError("STORE_DATA", dataDir, "an absolute directory path");
  return { ...base, password, ...(dataDir && { dataDir }) };
}

export interface StoreHandle {
  port: number;
  close(): Promise<void>;
}

/** Serve the store until closed. */
export async function startStore(settings: StoreSettings, options: { log?: Logger } = {}): Promise<StoreHandle> {
  const log = options.log ?? jsonLogger({ service: settings.service });
  const file = settings.dataDir ? path.join(settings.dataDir, "counts.json") : undefined;
  const counts = new Map<string, number>(
    file && fs.existsSync(file) ? Object.entries(JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, number>) : [],
  );
  const save = () => {
    if (!file) return;
    fs.writeFileSync(`${file}.next`, JSON.stringify(Object.fromEntries(counts)));
    fs.renameSync(`${file}.next`, file); // whole or not at all
  };
  const clients = new Set<Socket>();
  const server = createServer((socket) => {
    clients.add(socket);
    socket.on("close", () => clients.delete(socket));
    socket.on("error", () => socket.destroy());
    let authed = false;
    let buffered = "";
    socket.on("data", (chunk) => {
      buffered += chunk.toString("utf8");
      if (buffered.length > 4096) return socket.destroy();
      let nl: number;
      while ((nl = buffered.indexOf("\n")) !== -1) {
        const line = buffered.slice(0, nl).trim();
        buffered = buffered.slice(nl + 1);
        const [verb, arg = ""] = line.split(/\s+/, 2);
        if (verb === "AUTH") {
          authed = arg === settings.password;
          socket.write(authed ? "OK\n" : "ERR auth\n");
          if (!authed) {
            log("warn", "store.auth_failed", { remote: socket.remoteAddress });
            return socket.end();
          }
        } else if (!authed) {
          socket.write("ERR auth\n");
          return socket.end();
        } else if (verb === "INCR" && arg) {
          const n = (counts.get(arg) ?? 0) + 1;
          counts.set(arg, n);
          save();
          socket.write(`${n}\n`);
        } else if (verb === "INFO") {
          socket.write(`${JSON.stringify({ service: settings.service, arch: archOf(process.arch) })}\n`);
        } else socket.write("ERR unknown command\n");
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : settings.port;
  log("info", "store.listening", { host: settings.host, port, arch: archOf(process.arch), kept: file ?? null, keys: counts.size });
  let closing: Promise<void> | undefined;
  return {
    port,
    close: () =>
      (closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const c of clients) c.end();
      })),
  };
}

/** One store client call: AUTH, then each command; the answers in order. Rejects on a refused AUTH. */
export function storeCall(
  target: { host: string; port: number },
  password: string,
  commands: string[],
  timeoutMs = 5_000,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(target);
    const lines: string[] = [];
    let buffered = "";
    const timer = setTimeout(
      () => socket.destroy(new StoreCallError(`store at ${target.host}:${target.port} did not answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on("connect", () => socket.write([`AUTH ${password}`, ...commands].map((c) => `${c}\n`).join("")));
    socket.on("data", (chunk) => {
      buffered += chunk.toString("utf8");
      let nl: number;
      while ((nl = buffered.indexOf("\n")) !== -1) {
        lines.push(buffered.slice(0, nl));
        buffered = buffered.slice(nl + 1);
      }
      if (lines[0] !== undefined && lines[0] !== "OK") socket.destroy(new StoreCallError("the store refused the password"));
      else if (lines.length === commands.length + 1) socket.end();
    });
    socket.on("error", (err) => {
      clearTimeout(timer);
      reject(err);
    });
    socket.on("close", () => {
      clearTimeout(timer);
      if (lines.length === commands.length + 1) resolve(lines.slice(1));
    });
  });
}

async function main(): Promise<void> {
  await runProcess({ service: "crossarch-sample-store", kind: "store", settings: () => storeSettingsFrom(process.env), start: startStore });
}

if (require.main === module) {
  void main();
}
