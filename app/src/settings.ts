/**
 * The settings the workload reads from its environment: the listen address and the
 * `CROSSARCH_*` variables the platform injects (see components/profile.ts in the project).
 *
 * `settingsFrom(env)` is pure: it reads only the object it is given and throws a
 * `SettingsError` naming the variable, the value it got and what is allowed.
 * An unset or empty variable takes its default.
 */

export const ARCHES = ["amd64", "arm64"] as const;
export type Arch = (typeof ARCHES)[number];

export interface Settings {
  /** Service name reported by `GET /` (env `SERVICE_NAME`). */
  service: string;
  /** Address to listen on (env `HOST`); `0.0.0.0` so containers are reachable. */
  host: string;
  /** Port to listen on (env `PORT`); 0 picks a free port. */
  port: number;
  /** The arch the platform scheduled this replica for (`CROSSARCH_ARCH`), or null when not injected. */
  injectedArch: Arch | null;
  /** `CROSSARCH_PLATFORM`, e.g. `linux/arm64`, or null when not injected. */
  injectedPlatform: string | null;
  /** vCPUs of the replica (`CROSSARCH_CPU`). */
  cpu: number;
  /** Memory of the replica in MiB (`CROSSARCH_MEMORY_MIB`). */
  memoryMiB: number;
  /** Worker processes the platform sized for this replica (`CROSSARCH_WORKERS`). */
  workers: number;
  /** Seconds a request may take (`CROSSARCH_REQUEST_TIMEOUT_SECONDS`). */
  requestTimeoutSeconds: number;
  /** Seconds between SIGTERM and a forced exit (`CROSSARCH_SHUTDOWN_GRACE_SECONDS`). */
  shutdownGraceSeconds: number;
  /**
   * Seconds to keep serving (with `/readyz` at 503) after SIGTERM before closing the listener,
   * so load balancers see the replica leave before connections are refused (env `DRAIN_DELAY_SECONDS`).
   * Always less than `shutdownGraceSeconds`.
   */
  drainDelaySeconds: number;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** A setting that is present but not usable. */
export class SettingsError extends Error {
  constructor(
    readonly variable: string,
    readonly value: string,
    readonly allowed: string,
  ) {
    super(`${variable}=${JSON.stringify(value)} is not valid: expected ${allowed}`);
    this.name = "SettingsError";
  }
}

/** Defaults match the built-in arch profiles (0.5 vCPU, 1 GiB, 30 s requests, 10 s grace). */
export const DEFAULTS = {
  service: "crossarch-sample-app",
  host: "0.0.0.0",
  port: 8080,
  cpu: 0.5,
  memoryMiB: 1024,
  workers: 1,
  requestTimeoutSeconds: 30,
  shutdownGraceSeconds: 10,
  drainDelaySeconds: 0,
} as const;

export interface SettingsOptions {
  /** Port used when `PORT` is unset (the worker uses 8081). */
  defaultPort?: number;
  /** Service name used when `SERVICE_NAME` is unset. */
  defaultService?: string;
}

const DECIMAL = /^\d+(\.\d+)?$/;
const INTEGER = /^\d+$/;

function raw(env: Env, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value.trim() === "" ? undefined : value.trim();
}

function numberVar(env: Env, name: string, fallback: number, min: number, max: number, integer: boolean, minExclusive = false): number {
  const value = raw(env, name);
  if (value === undefined) return fallback;
  const kind = integer ? "an integer" : "a number";
  const range = `${minExclusive ? `greater than ${min}` : `from ${min}`} ${minExclusive ? "and at most" : "to"} ${max}`;
  const allowed = `${kind} ${range}`;
  if (!(integer ? INTEGER : DECIMAL).test(value)) throw new SettingsError(name, env[name] ?? "", allowed);
  const n = Number(value);
  if (!Number.isFinite(n) || n > max || (minExclusive ? n <= min : n < min)) throw new SettingsError(name, env[name] ?? "", allowed);
  return n;
}

function isArch(value: string): value is Arch {
  return (ARCHES as readonly string[]).includes(value);
}

/** Validate and default the settings in `env` (usually `process.env`). */
export function settingsFrom(env: Env, options: SettingsOptions = {}): Settings {
  const port = numberVar(env, "PORT", options.defaultPort ?? DEFAULTS.port, 0, 65535, true);
  const host = raw(env, "HOST") ?? DEFAULTS.host;
  if (/\s/.test(host)) throw new SettingsError("HOST", host, "an IP address or host name without spaces");

  const archValue = raw(env, "CROSSARCH_ARCH");
  if (archValue !== undefined && !isArch(archValue)) {
    throw new SettingsError("CROSSARCH_ARCH", archValue, `one of ${ARCHES.join(", ")}`);
  }
  const injectedArch = archValue ?? null;

  const platformValue = raw(env, "CROSSARCH_PLATFORM");
  if (platformValue !== undefined) {
    const platforms = ARCHES.map((a) => `linux/${a}`);
    if (!platforms.includes(platformValue)) {
      throw new SettingsError("CROSSARCH_PLATFORM", platformValue, `one of ${platforms.join(", ")}`);
    }
    if (injectedArch !== null && platformValue !== `linux/${injectedArch}`) {
      throw new SettingsError("CROSSARCH_PLATFORM", platformValue, `linux/${injectedArch} to match CROSSARCH_ARCH=${injectedArch}`);
    }
  }

  const shutdownGraceSeconds = numberVar(env, "CROSSARCH_SHUTDOWN_GRACE_SECONDS", DEFAULTS.shutdownGraceSeconds, 0, 3600, false, true);
  const drainDelaySeconds = numberVar(env, "DRAIN_DELAY_SECONDS", DEFAULTS.drainDelaySeconds, 0, 3600, false);
  if (drainDelaySeconds > 0 && drainDelaySeconds >= shutdownGraceSeconds) {
    throw new SettingsError(
      "DRAIN_DELAY_SECONDS",
      env.DRAIN_DELAY_SECONDS ?? "",
      `less than CROSSARCH_SHUTDOWN_GRACE_SECONDS (${shutdownGraceSeconds})`,
    );
  }

  return {
    service: raw(env, "SERVICE_NAME") ?? options.defaultService ?? DEFAULTS.service,
    host,
    port,
    injectedArch,
    injectedPlatform: platformValue ?? null,
    cpu: numberVar(env, "CROSSARCH_CPU", DEFAULTS.cpu, 0, 1024, false, true),
    memoryMiB: numberVar(env, "CROSSARCH_MEMORY_MIB", DEFAULTS.memoryMiB, 1, 4_194_304, true),
    workers: numberVar(env, "CROSSARCH_WORKERS", DEFAULTS.workers, 1, 1024, true),
    requestTimeoutSeconds: numberVar(env, "CROSSARCH_REQUEST_TIMEOUT_SECONDS", DEFAULTS.requestTimeoutSeconds, 0, 3600, false, true),
    shutdownGraceSeconds,
    drainDelaySeconds,
  };
}
