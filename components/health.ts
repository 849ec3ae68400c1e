/**
 * One health-check spec for a service, and the ranges each target accepts for it.
 * Translation into each platform's probe shape lives with the target components;
 * this file only says what is legal. Out-of-range values are errors, never clamped.
 */
import type { Problem } from "./problems";
import { TARGET_KIND_NAMES, type TargetKind } from "./target-kind";

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
export const HEALTH_DEFAULTS = { intervalSeconds: 10, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 10 } as const;

type Range = readonly [number, number];

/** What one target accepts. */
export interface HealthRanges {
  intervalSeconds: Range;
  timeoutSeconds: Range;
  retries: Range;
  startPeriodSeconds: Range;
  /** The target runs the check inside the container and needs `command`. */
  needsCommand: boolean;
  /** Where the numbers come from. */
  source: string;
  /** The platform publishes no limits: these are crossarch's own (errors say so). */
  ownLimits?: boolean;
}

/** Ranges per target kind. */
export const HEALTH_RANGES: Readonly<Record<TargetKind, HealthRanges>> = {
  aca: {
    intervalSeconds: [1, 240],
    timeoutSeconds: [1, 240],
    retries: [1, 10],
    startPeriodSeconds: [1, 60],
    needsCommand: false,
    source: "Container Apps probes: periodSeconds, timeoutSeconds, failureThreshold, initialDelaySeconds",
  },
  fargate: {
    intervalSeconds: [5, 300],
    timeoutSeconds: [2, 60],
    retries: [1, 10],
    startPeriodSeconds: [0, 300],
    needsCommand: true,
    source: "ECS container healthCheck: interval, timeout, retries, startPeriod",
  },
  oci: {
    intervalSeconds: [1, 600],
    timeoutSeconds: [1, 600],
    retries: [1, 10],
    startPeriodSeconds: [1, 600],
    needsCommand: false,
    // OCI publishes no ranges for these fields (API reference: ContainerHealthCheck). These
    // limits are crossarch's own, chosen to catch typos; messages say so.
    source: "crossarch's own limits (OCI publishes no ranges for container healthChecks)",
    ownLimits: true,
  },
  local: {
    intervalSeconds: [1, 3600],
    timeoutSeconds: [1, 3600],
    retries: [1, 100],
    startPeriodSeconds: [0, 3600],
    needsCommand: false,
    source: "Docker HEALTHCHECK: interval, timeout, retries, start-period",
  },
};

/** ALB target-group rules that apply on Fargate when the service takes traffic. */
export const ALB_HEALTH = { intervalSeconds: [5, 300], timeoutSeconds: [2, 120], thresholds: [2, 10] } as const;

const FIELDS = ["intervalSeconds", "timeoutSeconds", "retries", "startPeriodSeconds"] as const;

/** Context of the check. */
export interface HealthContext {
  /** Target name, for messages. */
  target: string;
  /** Fargate: the service sits behind an ALB target group (it has a port). */
  behindLoadBalancer?: boolean;
}

/** Check a spec against one target kind; problems sit at the spec's fields. */
export function validateHealth(spec: HealthCheck, kind: TargetKind, ctx: HealthContext): Problem[] {
  const ranges = HEALTH_RANGES[kind];
  const where = `target ${ctx.target} (${TARGET_KIND_NAMES[kind]})`;
  const problems: Problem[] = [];
  for (const field of FIELDS) {
    const [min, max] = ranges[field];
    const value = spec[field];
    if (!Number.isInteger(value) || value < min || value > max) {
      const whose = ranges.ownLimits ? ` (crossarch's own limit: ${TARGET_KIND_NAMES[kind]} publishes none)` : "";
      problems.push({ path: [field], message: `${value} is out of range for ${where}; allowed: whole numbers ${min}-${max}${whose}` });
    }
  }
  if (ranges.needsCommand && (spec.command === undefined || spec.command.length === 0)) {
    problems.push({
      path: ["command"],
      message: `${where} runs the health check inside the container and needs a command, e.g. ["CMD", "node", "healthcheck.js"]`,
    });
  }
  if (kind === "fargate" && ctx.behindLoadBalancer) {
    const [minT, maxT] = ALB_HEALTH.thresholds;
    if (spec.retries < minT || spec.retries > maxT) {
      problems.push({
        path: ["retries"],
        message: `${spec.retries} is out of range for the ALB target group of ${where}; unhealthy threshold allowed: ${minT}-${maxT}`,
      });
    }
    if (spec.timeoutSeconds >= spec.intervalSeconds) {
      problems.push({
        path: ["timeoutSeconds"],
        message: `${spec.timeoutSeconds} must be less than intervalSeconds (${spec.intervalSeconds}) for the ALB target group of ${where}`,
      });
    }
  }
  if (spec.timeoutSeconds > spec.intervalSeconds && !problems.some((p) => p.path[0] === "timeoutSeconds")) {
    problems.push({
      path: ["timeoutSeconds"],
      message: `${spec.timeoutSeconds} is longer than intervalSeconds (${spec.intervalSeconds}); checks would overlap`,
    });
  }
  return problems;
}
