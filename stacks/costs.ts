/** Monthly cost estimate per target and arch, from a plan and a price table. */
import { JOB_DEFAULTS, archOfOciShape, runsPer30Days } from "@crossarch/components/model";
import type { StackPlan } from "../infra/plan";
import { HOURS_PER_MONTH, type PriceTable } from "./prices";

/** One line of the estimate. */
export interface CostLine {
  target: string;
  kind: string;
  arch: string;
  /** What is billed, in words. */
  basis: string;
  usdPerMonth: number;
  /** A scheduled job's line: its runs, each taken at its timeout (an upper bound). */
  job?: string;
}

const GIB = 1024;

/**
 * Scheduled jobs, priced by run time: runs in 30 days (from the cron schedule) x the timeout,
 * an upper bound. A once job runs per deploy and is not a monthly cost; OCI and local jobs cost
 * nothing beyond their instance or machine.
 */
function jobCosts(on: StackPlan["deployments"], target: StackPlan["config"]["targets"][string], prices: PriceTable): CostLine[] {
  return on.flatMap((d): CostLine[] => {
    if (!d.job?.schedule || (target.kind !== "fargate" && target.kind !== "aca")) return [];
    const runs = runsPer30Days(d.job.schedule);
    const seconds = d.job.timeoutSeconds ?? JOB_DEFAULTS.timeoutSeconds;
    const gib = d.size.memoryMiB / GIB;
    const hours = (runs * seconds) / 3600;
    const usd =
      target.kind === "fargate"
        ? hours * (d.size.cpu * prices.fargate[target.arch].vcpuHour + gib * prices.fargate[target.arch].gbHour)
        : runs * seconds * (d.size.cpu * prices.aca.vcpuSecond + gib * prices.aca.gibSecond);
    return [
      {
        target: d.target,
        kind: target.kind,
        arch: d.arch,
        basis: `job ${d.service}: ${runs} runs x up to ${seconds}s at ${d.size.cpu} vCPU, ${gib} GiB${target.kind === "aca" ? " (before any free grant)" : ""}`,
        usdPerMonth: usd,
        job: d.service,
      },
    ];
  });
}

/** Estimate a plan's monthly on-demand cost, target by target. */
export function estimateCosts(plan: StackPlan, prices: PriceTable): CostLine[] {
  const lines: CostLine[] = [];
  for (const [name, target] of Object.entries(plan.config.targets)) {
    const all = plan.deployments.filter((d) => d.target === name);
    lines.push(...jobCosts(all, target, prices));
    const on = all.filter((d) => !d.job); // always on; jobs are priced by their runs, apart
    if (on.length === 0) continue;
    const vcpu = on.reduce((s, d) => s + d.replicas * d.size.cpu, 0);
    const gib = on.reduce((s, d) => s + (d.replicas * d.size.memoryMiB) / GIB, 0);
    switch (target.kind) {
      case "fargate": {
        const p = prices.fargate[target.arch];
        lines.push({
          target: name,
          kind: "fargate",
          arch: target.arch,
          basis: `${vcpu} vCPU, ${gib} GB always on`,
          usdPerMonth: HOURS_PER_MONTH * (vcpu * p.vcpuHour + gib * p.gbHour),
        });
        break;
      }
      case "aca": {
        const seconds = HOURS_PER_MONTH * 3600;
        const vcpuS = Math.max(0, vcpu * seconds - prices.aca.freeVcpuSeconds);
        const gibS = Math.max(0, gib * seconds - prices.aca.freeGibSeconds);
        lines.push({
          target: name,
          kind: "aca",
          arch: "amd64",
          basis: `${vcpu} vCPU, ${gib} GiB active, after the monthly free grant`,
          usdPerMonth: vcpuS * prices.aca.vcpuSecond + gibS * prices.aca.gibSecond,
        });
        break;
      }
      case "oci": {
        const gb = target.memory / GIB;
        lines.push({
          target: name,
          kind: "oci",
          arch: archOfOciShape(target.shape) ?? "arm64",
          basis: `${target.shape} ${target.ocpus} OCPU, ${gb} GB (the instance, whatever its containers use)`,
          usdPerMonth: HOURS_PER_MONTH * (target.ocpus * prices.ociA1.ocpuHour + gb * prices.ociA1.gbHour),
        });
        break;
      }
      case "local":
        lines.push({ target: name, kind: "local", arch: target.arches.join("+"), basis: "this machine", usdPerMonth: 0 });
        break;
    }
  }
  return lines;
}
