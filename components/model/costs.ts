/**
 * What every kind's cost estimate shares: the month it prices, and scheduled jobs priced by
 * their runs (runs in 30 days from the cron schedule x the job's timeout, an upper bound).
 */
import { JOB_DEFAULTS, runsPer30Days } from "./jobs";
import type { CostLine, PlannedService } from "./kind";

/** Hours in the month the estimate uses. */
export const HOURS_PER_MONTH = 730;

/** MiB per GiB. */
const GIB = 1024;

/** vCPUs and GiB of a target's always-on services (every replica; jobs are priced apart). */
export function alwaysOn(services: readonly PlannedService[]): {
  /** vCPUs of every replica. */
  vcpu: number;
  /** GiB of memory of every replica. */
  gib: number;
} {
  const on = services.filter((s) => !s.job);
  return {
    vcpu: on.reduce((n, s) => n + s.replicas * s.size.cpu, 0),
    gib: on.reduce((n, s) => n + (s.replicas * s.size.memoryMiB) / GIB, 0),
  };
}

/**
 * One line per scheduled job: `usdPerRun(seconds, vcpu, gib)` prices one run at its timeout. A
 * once job runs per deploy and is not a monthly cost.
 */
export function scheduledJobCosts(
  target: string,
  kind: string,
  services: readonly PlannedService[],
  usdPerRun: (seconds: number, vcpu: number, gib: number) => number,
  note = "",
): CostLine[] {
  return services.flatMap((s): CostLine[] => {
    if (!s.job?.schedule) return [];
    const runs = runsPer30Days(s.job.schedule);
    const seconds = s.job.timeoutSeconds ?? JOB_DEFAULTS.timeoutSeconds;
    const gib = s.size.memoryMiB / GIB;
    return [
      {
        target,
        kind,
        arch: s.arch,
        basis: `job ${s.name}: ${runs} runs x up to ${seconds}s at ${s.size.cpu} vCPU, ${gib} GiB${note}`,
        usdPerMonth: runs * usdPerRun(seconds, s.size.cpu, gib),
        job: s.name,
      },
    ];
  });
}
