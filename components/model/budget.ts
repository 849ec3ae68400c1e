/**
 * Capacity budgets: the sum of what a stack's services ask for on one target must fit a
 * declared budget (e.g. 4 OCPU / 24 GB on one Ampere host). Also renders the allocation table.
 */
import type { Problem } from "./problems";
import { formatMemory, roundCpu } from "./units";
import { showSize, type Size } from "./size";

/** A declared capacity: vCPUs and MiB. */
export type Budget = Size;

/** One service's claim on a budget. */
export interface Allocation {
  /** Service name. */
  service: string;
  /** How many replicas run on the target. */
  replicas: number;
  /** Size of one replica. */
  size: Size;
}

/** How a set of allocations uses a budget. */
export interface BudgetUse {
  /** The declared capacity. */
  budget: Budget;
  /** The claims counted against it. */
  allocations: readonly Allocation[];
  /** Sum of replicas × size. */
  used: Size;
  /** True when `used` fits inside `budget` on both axes. */
  fits: boolean;
}

/** Add up the allocations against the budget. */
export function budgetUse(budget: Budget, allocations: readonly Allocation[]): BudgetUse {
  const used = {
    cpu: roundCpu(allocations.reduce((s, a) => s + a.replicas * a.size.cpu, 0)),
    memoryMiB: allocations.reduce((s, a) => s + a.replicas * a.size.memoryMiB, 0),
  };
  return { budget, allocations, used, fits: used.cpu <= budget.cpu && used.memoryMiB <= budget.memoryMiB };
}

/** `api 2 x 1 vCPU / 2Gi = 2 vCPU / 4Gi; ... total 3 vCPU / 6Gi of 4 vCPU / 24Gi`. */
export function describeUse(use: BudgetUse): string {
  const rows = use.allocations.map(
    (a) =>
      `${a.service} ${a.replicas} x ${showSize(a.size)} = ${showSize({ cpu: a.replicas * a.size.cpu, memoryMiB: a.replicas * a.size.memoryMiB })}`,
  );
  return `${rows.join("; ")}; total ${showSize(use.used)} of ${showSize(use.budget)}`;
}

/** The problem (at the budget) when the allocations do not fit; none when they do. */
export function validateBudget(target: string, budget: Budget, allocations: readonly Allocation[]): Problem[] {
  const use = budgetUse(budget, allocations);
  if (use.fits) return [];
  const over: string[] = [];
  if (use.used.cpu > budget.cpu) over.push(`cpu by ${roundCpu(use.used.cpu - budget.cpu)} vCPU`);
  if (use.used.memoryMiB > budget.memoryMiB) over.push(`memory by ${formatMemory(use.used.memoryMiB - budget.memoryMiB)}`);
  return [{ path: [], message: `services on target ${target} exceed its budget (${over.join(", ")}): ${describeUse(use)}` }];
}
