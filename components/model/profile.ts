/**
 * Per-arch profiles: the defaults a service gets on each architecture, and the
 * environment crossarch injects so the workload tunes itself to the arch it landed on.
 */
import { ARCH_TABLE, type Arch } from "./arch";
import type { Size } from "./size";

/** What a service gets by default on one arch. Every field can be overridden per stack. */
export interface ArchProfile {
  /** Default vCPUs per replica. */
  cpu: number;
  /** Default memory per replica, MiB. */
  memoryMiB: number;
  /**
   * Worker processes per vCPU. x86 vCPUs are SMT threads (two per core) while Graviton and
   * Ampere vCPUs are whole cores, so arm64 runs one worker per vCPU and amd64 one per two.
   */
  workersPerVcpu: number;
  /** Seconds a request may take before the workload gives up on it. */
  requestTimeoutSeconds: number;
  /** Seconds between SIGTERM and SIGKILL the workload may use to drain. */
  shutdownGraceSeconds: number;
}

/** The built-in profiles. */
export const DEFAULT_PROFILES: Readonly<Record<Arch, ArchProfile>> = {
  amd64: { cpu: 0.5, memoryMiB: 1024, workersPerVcpu: 0.5, requestTimeoutSeconds: 30, shutdownGraceSeconds: 10 },
  arm64: { cpu: 0.5, memoryMiB: 1024, workersPerVcpu: 1, requestTimeoutSeconds: 30, shutdownGraceSeconds: 10 },
};

/** The profile for `arch` with a stack's overrides applied. */
export function resolveProfile(arch: Arch, overrides: Partial<ArchProfile> = {}): ArchProfile {
  return { ...DEFAULT_PROFILES[arch], ...overrides };
}

/** Worker processes for a replica of `cpu` vCPUs: at least one. */
export function workersFor(profile: ArchProfile, cpu: number): number {
  return Math.max(1, Math.floor(cpu * profile.workersPerVcpu));
}

/** Environment variable names crossarch reserves. */
export const PROFILE_ENV_PREFIX = "CROSSARCH_";

/** The environment injected into a replica: its arch, its size and the profile's tunables. */
export function profileEnv(arch: Arch, profile: ArchProfile, size: Size): Record<string, string> {
  return {
    CROSSARCH_ARCH: arch,
    CROSSARCH_PLATFORM: ARCH_TABLE[arch].platform,
    CROSSARCH_CPU: String(size.cpu),
    CROSSARCH_MEMORY_MIB: String(size.memoryMiB),
    CROSSARCH_WORKERS: String(workersFor(profile, size.cpu)),
    CROSSARCH_REQUEST_TIMEOUT_SECONDS: String(profile.requestTimeoutSeconds),
    CROSSARCH_SHUTDOWN_GRACE_SECONDS: String(profile.shutdownGraceSeconds),
  };
}
