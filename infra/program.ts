/**
 * The Pulumi program: stack config -> plan -> exports. Config is read and checked in full
 * before anything is registered, so a bad config deploys nothing.
 */
import { formatMemory } from "../components/units";
import { loadStackPlan } from "./config";
import type { StackPlan } from "./plan";

/** The stack outputs: what runs where, at what size. */
export interface ProgramOutputs {
  app: string;
  stack: string;
  deployments: {
    service: string;
    target: string;
    kind: string;
    arch: string;
    platform: string;
    cpu: number;
    memory: string;
    replicas: number;
  }[];
  budgets: { target: string; used: string; budget: string; fits: boolean }[];
}

/** Summarise a plan as outputs. */
export function outputsOf(plan: StackPlan): ProgramOutputs {
  return {
    app: plan.app,
    stack: plan.stack,
    deployments: plan.deployments.map((d) => ({
      service: d.service,
      target: d.target,
      kind: d.kind,
      arch: d.arch,
      platform: d.platform,
      cpu: d.size.cpu,
      memory: formatMemory(d.size.memoryMiB),
      replicas: d.replicas,
    })),
    budgets: plan.budgets.map((b) => ({
      target: b.target,
      used: `${b.use.used.cpu} vCPU / ${formatMemory(b.use.used.memoryMiB)}`,
      budget: `${b.use.budget.cpu} vCPU / ${formatMemory(b.use.budget.memoryMiB)}`,
      fits: b.use.fits,
    })),
  };
}

/** Run the program for the current stack. */
export async function program(): Promise<ProgramOutputs> {
  const plan = loadStackPlan();
  return outputsOf(plan);
}
