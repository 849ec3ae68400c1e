/**
 * Load a Compose project as Docker Compose does, with the compose specification's own loader
 * (compose-go, in loader/main.go): the helper is built once per source version with the Go
 * toolchain into the crossarch cache, then run. What comes back is the loaded project, the same
 * project without interpolation, and the variables the env files define.
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** The parts of a loaded compose service the importer reads (compose-go's JSON). */
export interface ComposeService {
  name?: string;
  image?: string;
  build?: { context: string; dockerfile?: string; target?: string; args?: Record<string, string | null>; [k: string]: unknown };
  platform?: string;
  ports?: { target: number; published?: string; protocol?: string; host_ip?: string; mode?: string }[];
  expose?: string[];
  depends_on?: Record<string, { condition: string; required?: boolean }>;
  healthcheck?: { test?: string[]; interval?: string; timeout?: string; retries?: number; start_period?: string; disable?: boolean };
  volumes?: { type: string; source?: string; target: string; read_only?: boolean; tmpfs?: { size?: number | string } }[];
  tmpfs?: string[];
  deploy?: {
    replicas?: number;
    resources?: { limits?: { cpus?: number; memory?: string | number }; reservations?: { devices?: unknown[] } };
  };
  entrypoint?: string[] | null;
  command?: string[] | null;
  user?: string;
  read_only?: boolean;
  environment?: Record<string, string | null>;
  [key: string]: unknown;
}

/** A loaded compose project. */
export interface LoadedCompose {
  project: { name: string; services: Record<string, ComposeService>; volumes?: Record<string, unknown> };
  /** The same project, variables left as written (`${DB_PASSWORD}`). */
  raw: { services: Record<string, ComposeService> };
  /** Variables the env files (.env, --env-file) define. */
  envFileVariables: string[];
  /** Per service, the variables its `env_file` entries define. */
  serviceEnvFileVariables: Record<string, string[]>;
}

/** Options as `docker compose` takes them. */
export interface LoadOptions {
  envFiles?: string[];
  profiles?: string[];
  projectDirectory?: string;
}

const LOADER_DIR = path.join(__dirname, "loader");

/** The helper binary, built when its sources changed (content-addressed in the cache). */
export function loaderBinary(env: NodeJS.ProcessEnv = process.env): string {
  const sources = ["main.go", "go.mod", "go.sum"].map((f) => fs.readFileSync(path.join(LOADER_DIR, f)));
  const hash = createHash("sha256").update(Buffer.concat(sources)).digest("hex").slice(0, 16);
  const cache = env.CROSSARCH_CACHE ?? path.join(os.homedir(), ".cache", "crossarch");
  const bin = path.join(cache, "bin", `compose-load-${hash}`);
  if (fs.existsSync(bin)) return bin;
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  try {
    execFileSync("go", ["build", "-trimpath", "-o", `${bin}.tmp`, "."], {
      cwd: LOADER_DIR,
      stdio: ["ignore", "ignore", "pipe"],
      timeout: 600_000,
    });
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString() ?? String(e);
    throw new ComposeLoadError(`building the compose loader (Go, ${LOADER_DIR}) failed: ${stderr.trim()}`);
  }
  fs.renameSync(`${bin}.tmp`, bin);
  return bin;
}

/** The compose files could not be loaded: the loader's own message (file, line, key). */
export class ComposeLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ComposeLoadError";
  }
}

/** Load `files` (merged in order, as `-f a -f b`). */
export function loadCompose(files: string[], options: LoadOptions = {}): LoadedCompose {
  const args = [
    ...(options.projectDirectory ? ["--project-directory", options.projectDirectory] : []),
    ...(options.envFiles ?? []).flatMap((f) => ["--env-file", f]),
    ...(options.profiles ?? []).flatMap((p) => ["--profile", p]),
    ...files,
  ];
  try {
    const out = execFileSync(loaderBinary(), args, { stdio: ["ignore", "pipe", "pipe"], timeout: 60_000, maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(out.toString()) as LoadedCompose;
  } catch (e) {
    if (e instanceof ComposeLoadError) throw e;
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    throw new ComposeLoadError(stderr || String(e));
  }
}
