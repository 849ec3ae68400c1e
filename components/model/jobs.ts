/**
 * Jobs: work that ends. A service with `job` runs to completion instead of forever, once per
 * deploy (`run: "once"`, optionally before the services that need it, such as a migration
 * before its api) or on a cron schedule. What each target can do differs, and what it cannot do
 * is refused by key (see {@link validateJobOn}); the schedule is parsed with cron-parser.
 */
import { CronExpressionParser } from "cron-parser";
import { whereOn, type KindContext, type TargetKindModule } from "./kind";
import type { Problem } from "./problems";

/** How a job runs. */
export interface ServiceJob {
  /** `once`: at every deploy that changes it (and before the services in `before`). */
  run?: "once";
  /** Or a 5-field cron schedule in UTC, e.g. `0 3 * * *` (nightly at 03:00). */
  schedule?: string;
  /** Seconds a run may take before it is stopped; default {@link JOB_DEFAULTS.timeoutSeconds}. */
  timeoutSeconds?: number;
  /** Runs again after a failed run; default 0. */
  retries?: number;
  /** `once` jobs: services that start only after the job succeeded. */
  before?: readonly string[];
}

/** Defaults of the fields a job leaves out. */
export const JOB_DEFAULTS = {
  /** Seconds a run may take before it is stopped (30 minutes). */
  timeoutSeconds: 1800,
  /** Runs again after a failed run. */
  retries: 0,
} as const;

/** A 5-field cron expression's problem, or undefined when it parses. */
export function cronProblem(schedule: string): string | undefined {
  const fields = schedule.trim().split(/\s+/);
  if (fields.length !== 5)
    return `${JSON.stringify(schedule)} has ${fields.length} fields; a schedule has 5: minute hour day-of-month month day-of-week (UTC)`;
  try {
    CronExpressionParser.parse(schedule, { tz: "UTC" });
    return undefined;
  } catch (e) {
    return `${JSON.stringify(schedule)} is not a cron schedule: ${(e as Error).message}`;
  }
}

/** How often a schedule runs in 30 days (bounded: at most `cap` runs are counted). */
export function runsPer30Days(schedule: string, cap = 50_000): number {
  const start = new Date("2026-01-01T00:00:00Z");
  const end = new Date(start.getTime() + 30 * 24 * 3600 * 1000);
  const it = CronExpressionParser.parse(schedule, { tz: "UTC", currentDate: start, endDate: end });
  let n = 0;
  while (n < cap && it.hasNext()) {
    it.next();
    n++;
  }
  return n;
}

/**
 * A 5-field cron schedule as EventBridge Scheduler's `cron(min hour dom month dow year)`: one of
 * day-of-month and day-of-week is `?`, and day-of-week numbers count from 1 (Sunday).
 */
export function awsCron(schedule: string): string | undefined {
  const [min, hour, dom, month, dow] = schedule.trim().split(/\s+/);
  if (dom !== "*" && dow !== "*") return undefined;
  const awsDow = dow === "*" ? "?" : dow.replace(/\d+/g, (d) => String((Number(d) % 7) + 1));
  return `cron(${min} ${hour} ${dom === "*" && dow !== "*" ? "?" : dom} ${month} ${awsDow} *)`;
}

/** Problems of a job's own fields; paths are relative to the service (`job.schedule`). */
export function validateJob(job: ServiceJob): Problem[] {
  const problems: Problem[] = [];
  if ((job.run === undefined) === (job.schedule === undefined))
    problems.push({ path: ["job"], message: 'give exactly one of run: once or schedule: "<cron>"' });
  if (job.schedule !== undefined) {
    const p = cronProblem(job.schedule);
    if (p) problems.push({ path: ["job", "schedule"], message: p });
    if (job.before !== undefined)
      problems.push({ path: ["job", "before"], message: "orders a once job; a scheduled job runs on its own clock" });
  }
  if (job.timeoutSeconds !== undefined && (!Number.isInteger(job.timeoutSeconds) || job.timeoutSeconds < 1 || job.timeoutSeconds > 86_400))
    problems.push({ path: ["job", "timeoutSeconds"], message: `${job.timeoutSeconds}: whole seconds from 1 to 86400` });
  if (job.retries !== undefined && (!Number.isInteger(job.retries) || job.retries < 0 || job.retries > 10))
    problems.push({ path: ["job", "retries"], message: `${job.retries}: a whole number from 0 to 10` });
  return problems;
}

/**
 * What a target kind can do with a job, refused by key otherwise (each kind's rules are its
 * module's `jobs`, its rows of the docs table `docs.jobs`).
 */
export function validateJobOn<C>(kind: TargetKindModule, job: ServiceJob, ctx: KindContext<C>): Problem[] {
  const where = whereOn(kind, ctx.target);
  const problems: Problem[] = [];
  const refuse = (path: string[], why: string) => problems.push({ path: ["job", ...path], message: `has no effect on ${where}: ${why}` });
  problems.push(...kind.jobs(job, ctx as KindContext<never>, refuse));
  return problems;
}

/** What a job may not have: it serves nothing and is checked by its exit code. */
export function validateJobShape(s: {
  job?: ServiceJob;
  port?: number;
  ports?: readonly unknown[];
  public: boolean;
  replicas: number;
  health: { path?: string; readinessPath?: string; command?: readonly string[] };
}): Problem[] {
  if (!s.job) return [];
  const problems: Problem[] = [];
  const no = (path: string[], why: string) => problems.push({ path, message: `a job ${why}` });
  if (s.port !== undefined || (s.ports?.length ?? 0) > 0)
    no(s.port !== undefined ? ["port"] : ["ports"], "serves nothing: it has no port; its exit code says how it went");
  if (s.public) no(["public"], "takes no traffic");
  if (s.health.path !== undefined || s.health.readinessPath !== undefined || s.health.command !== undefined)
    no(["health"], "has no health check: it succeeds by exiting 0");
  if (s.replicas !== 1) no(["replicas"], "runs once per run; replicas must be 1");
  return problems;
}

/** `before` names services of the same target that are not jobs; paths `services[i].job.before[j]`. */
export function validateBefore<
  S extends {
    /** Service name. */
    name: string;
    /** Its job, if it is one. */
    job?: ServiceJob;
  },
>(services: readonly S[], ctx: { target: string; indexOf?: (s: S) => number }): Problem[] {
  const problems: Problem[] = [];
  const byName = new Map(services.map((s) => [s.name, s]));
  for (const s of services) {
    (s.job?.before ?? []).forEach((name, j) => {
      const other = byName.get(name);
      const path = ["services", ctx.indexOf?.(s) ?? services.indexOf(s), "job", "before", j];
      if (!other)
        problems.push({
          path,
          message: `${JSON.stringify(name)} is not a service of target ${ctx.target}; services there: ${[...byName.keys()].join(", ")}`,
        });
      else if (other.job) problems.push({ path, message: `${name} is a job; before orders services` });
    });
  }
  return problems;
}

/** Split a target's services into long-running services and jobs. */
export function splitJobs<
  S extends {
    /** Its job, if it is one. */
    job?: ServiceJob;
  },
>(
  services: readonly S[],
): {
  /** The long-running services. */
  services: S[];
  /** The jobs. */
  jobs: S[];
} {
  return { services: services.filter((s) => !s.job), jobs: services.filter((s) => s.job) };
}

/** The once jobs that must succeed before `service` starts. */
export function jobsBefore<
  S extends {
    /** Service name. */
    name: string;
    /** Its job, if it is one. */
    job?: ServiceJob;
  },
>(jobs: readonly S[], service: string): S[] {
  return jobs.filter((j) => j.job?.run === "once" && (j.job.before ?? []).includes(service));
}
