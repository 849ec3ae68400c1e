/**
 * A compose service's `deploy.resources.limits` on a target's grid: the smallest legal size that
 * gives at least the cpu and memory asked for, and what was rounded (reported by the import).
 */
import { ACA_CPUS, acaMemoryFor, FARGATE_GRID, formatMemory } from "@crossarch/components/model";

export type ImportKind = "local" | "aca" | "fargate";

/** A size on the grid, and each rounding made to get there. */
export interface Fitted {
  cpu: number;
  memoryMiB: number;
  roundings: string[];
}

/** Fit `cpu` (vCPU) and `memoryMiB` (either may be missing) to `kind`'s grid. */
export function fitSize(kind: ImportKind, cpu: number | undefined, memoryMiB: number | undefined, hostCpus: number): Fitted | undefined {
  if (cpu === undefined && memoryMiB === undefined) return undefined;
  const wantCpu = cpu ?? 0;
  const wantMem = memoryMiB ?? 0;
  let fitted: { cpu: number; memoryMiB: number } | undefined;
  switch (kind) {
    case "aca": {
      const c = ACA_CPUS.find((x) => x >= wantCpu && acaMemoryFor(x) >= wantMem);
      fitted = c === undefined ? undefined : { cpu: c, memoryMiB: acaMemoryFor(c) };
      break;
    }
    case "fargate":
      for (const [units, memories] of [...FARGATE_GRID.entries()].sort((a, b) => a[0] - b[0])) {
        const m = memories.find((x) => x >= wantMem);
        if (units / 1024 >= wantCpu && m !== undefined) {
          fitted = { cpu: units / 1024, memoryMiB: m };
          break;
        }
      }
      break;
    case "local":
      fitted = { cpu: Math.min(Math.max(Math.ceil(wantCpu * 100) / 100, 0.01), hostCpus), memoryMiB: Math.max(Math.ceil(wantMem), 6) };
      if (cpu === undefined) fitted.cpu = 0.25;
      if (memoryMiB === undefined) fitted.memoryMiB = 256;
      break;
  }
  if (!fitted) return undefined;
  const roundings: string[] = [];
  if (cpu !== undefined && fitted.cpu !== cpu) roundings.push(`cpus ${cpu} -> ${fitted.cpu}`);
  if (cpu === undefined) roundings.push(`cpus (not given) -> ${fitted.cpu}`);
  if (memoryMiB !== undefined && fitted.memoryMiB !== memoryMiB)
    roundings.push(`memory ${formatMemory(memoryMiB)} -> ${formatMemory(fitted.memoryMiB)}`);
  if (memoryMiB === undefined) roundings.push(`memory (not given) -> ${formatMemory(fitted.memoryMiB)}`);
  return { ...fitted, roundings };
}
