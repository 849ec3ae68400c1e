/**
 * A compose service's `deploy.resources.limits` on a target's grid (each kind's importer fits
 * it: the smallest legal size that gives at least the cpu and memory asked for), and what was
 * rounded (reported by the import).
 */
import { formatMemory, kindOf, targetKinds } from "@crossarch/components/model";

/** The name of a kind the importer writes targets of. */
export type ImportKind = string;

/** The kinds the importer writes targets of: those whose module has an importer. */
export function importKinds(): string[] {
  return targetKinds()
    .filter((k) => k.importer)
    .map((k) => k.kind);
}

/** A size on the grid, and each rounding made to get there. */
export interface Fitted {
  cpu: number;
  memoryMiB: number;
  roundings: string[];
}

/** Fit `cpu` (vCPU) and `memoryMiB` (either may be missing) to `kind`'s grid. */
export function fitSize(kind: ImportKind, cpu: number | undefined, memoryMiB: number | undefined, hostCpus: number): Fitted | undefined {
  if (cpu === undefined && memoryMiB === undefined) return undefined;
  const fitted = kindOf(kind).importer?.fitSize(cpu, memoryMiB, hostCpus);
  if (!fitted) return undefined;
  const roundings: string[] = [];
  if (cpu !== undefined && fitted.cpu !== cpu) roundings.push(`cpus ${cpu} -> ${fitted.cpu}`);
  if (cpu === undefined) roundings.push(`cpus (not given) -> ${fitted.cpu}`);
  if (memoryMiB !== undefined && fitted.memoryMiB !== memoryMiB)
    roundings.push(`memory ${formatMemory(memoryMiB)} -> ${formatMemory(fitted.memoryMiB)}`);
  if (memoryMiB === undefined) roundings.push(`memory (not given) -> ${formatMemory(fitted.memoryMiB)}`);
  return { ...fitted, roundings };
}
