/**
 * One health-check spec for a service, and the ranges each target accepts for it.
 * Translation into each platform's probe shape lives with the target components;
 * this file only says what is legal. Out-of-range values are errors, never clamped.
 */
import { whereOn, type KindContext, type TargetKindModule } from "./kind";
import type { Problem } from "./problems";

/** A service's health check, in the terms every platform shares. */
export interface HealthCheck {
  /** HTTP path of the liveness check (`/healthz`). Without it the check is a TCP connect to `port`. */
  path?: string;
  /** HTTP path of the readiness check; defaults to `path`. */
  readinessPath?: string;
  /** Port the check targets; defaults to the service port. */
  port?: number;
  /**
   * Command run inside the container, Docker/ECS exec form (`["CMD", "node", "healthcheck.js"]`).
   * ECS runs health checks only inside the container, so Fargate needs it; Docker runs it too,
   * and the local target also checks HTTP/TCP from the machine.
   */
  command?: readonly string[];
  /** Seconds between checks. */
  intervalSeconds: number;
  /** Seconds one check may take. */
  timeoutSeconds: number;
  /** Consecutive failures before the container counts as unhealthy. */
  retries: number;
  /** Seconds after start during which failures do not count (ACA: initial delay). */
  startPeriodSeconds: number;
}

/** The defaults a spec gets for fields it leaves out. */
export const HEALTH_DEFAULTS = {
  /** Seconds between checks. */
  intervalSeconds: 10,
  /** Seconds one check may take. */
  timeoutSeconds: 5,
  /** Consecutive failures before the container counts as unhealthy. */
  retries: 3,
  /** Seconds after start during which failures do not count. */
  startPeriodSeconds: 10,
} as const;

type Range = readonly [number, number];

/** What one target accepts. */
export interface HealthRanges {
  /** Allowed seconds between checks, `[min, max]`. */
  intervalSeconds: Range;
  /** Allowed seconds one check may take, `[min, max]`. */
  timeoutSeconds: Range;
  /** Allowed consecutive failures before unhealthy, `[min, max]`. */
  retries: Range;
  /** Allowed seconds of start period, `[min, max]`. */
  startPeriodSeconds: Range;
  /** The target runs the check inside the container and needs `command`. */
  needsCommand: boolean;
  /** The target runs a `command` check at all (Container Apps and OCI probe HTTP or TCP only). */
  runsCommand: boolean;
  /** Where the numbers come from. */
  source: string;
  /** The platform publishes no limits: these are crossarch's own (errors say so). */
  ownLimits?: boolean;
}

const FIELDS = ["intervalSeconds", "timeoutSeconds", "retries", "startPeriodSeconds"] as const;

/**
 * Check a spec against one target kind's ranges (and its own rules, such as Fargate's load
 * balancer); problems sit at the spec's fields.
 */
export function validateHealth<C>(spec: HealthCheck, kind: TargetKindModule, ctx: KindContext<C>): Problem[] {
  const ranges = kind.health;
  const where = whereOn(kind, ctx.target);
  const problems: Problem[] = [];
  for (const field of FIELDS) {
    const [min, max] = ranges[field];
    const value = spec[field];
    if (!Number.isInteger(value) || value < min || value > max) {
      const whose = ranges.ownLimits ? ` (crossarch's own limit: ${kind.title} publishes none)` : "";
      problems.push({ path: [field], message: `${value} is out of range for ${where}; allowed: whole numbers ${min}-${max}${whose}` });
    }
  }
  if (ranges.needsCommand && (spec.command === undefined || spec.command.length === 0)) {
    problems.push({
      path: ["command"],
      message: `${where} runs the health check inside the container and needs a command, e.g. ["CMD", "node", "healthcheck.js"]`,
    });
  }
  problems.push(...(kind.validateHealth?.(spec, ctx as KindContext<never>) ?? []));
  if (spec.timeoutSeconds > spec.intervalSeconds && !problems.some((p) => p.path[0] === "timeoutSeconds")) {
    problems.push({
      path: ["timeoutSeconds"],
      message: `${spec.timeoutSeconds} is longer than intervalSeconds (${spec.intervalSeconds}); checks would overlap`,
    });
  }
  return problems;
}

/** A health check's HTTP part in words: `HTTP /healthz (ready /ready)`. */
export function httpCheckText(h: Pick<HealthCheck, "path" | "readinessPath">): string {
  return `HTTP ${h.path}${h.readinessPath && h.readinessPath !== h.path ? ` (ready ${h.readinessPath})` : ""}`;
}

/** A check from outside the container in words: the HTTP check, or a TCP connect to its port. */
export function probeCheckText(h: Pick<HealthCheck, "path" | "readinessPath" | "port">): string {
  return h.path ? httpCheckText(h) : `TCP ${h.port ?? "?"}`;
}

/** A command check in words (`command \`node healthcheck.js\``), or nothing without one. */
export function commandCheckText(h: Pick<HealthCheck, "command">): string | undefined {
  return h.command ? `command \`${h.command.slice(1).join(" ")}\`` : undefined;
}
