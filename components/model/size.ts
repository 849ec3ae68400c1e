/**
 * A container's size in cloud-neutral units, and the helpers every target grid uses.
 */
import { formatMemory, roundCpu } from "./units";

/** A container (or task, or replica) size: vCPUs and MiB of memory. */
export interface Size {
  /** vCPUs, fractional allowed (`0.25`). On Ampere one OCPU is one vCPU. */
  cpu: number;
  /** Memory in MiB. */
  memoryMiB: number;
}

/** The legal values closest to `x`: the largest below and the smallest above (one when `x` is outside the range). */
export function nearest(legal: readonly number[], x: number): number[] {
  const sorted = [...legal].sort((a, b) => a - b);
  const below = sorted.filter((v) => v < x).pop();
  const above = sorted.find((v) => v > x);
  return [below, above].filter((v): v is number => v !== undefined);
}

/** `[0.25, 0.5, 1]` -> `0.25, 0.5, 1` vCPU. */
export function showCpus(values: readonly number[]): string {
  return `${values.map(roundCpu).join(", ")} vCPU`;
}

/** `[2048, 3072]` -> `2Gi, 3Gi`. */
export function showMemories(values: readonly number[]): string {
  return values.map(formatMemory).join(", ");
}

/** `{cpu: 1, memoryMiB: 2048}` -> `1 vCPU / 2Gi`. */
export function showSize(size: Size): string {
  return `${roundCpu(size.cpu)} vCPU / ${formatMemory(size.memoryMiB)}`;
}

/** Inclusive integer range with a step: range(1024, 4096, 1024) -> [1024, 2048, 3072, 4096]. */
export function range(from: number, to: number, step: number): number[] {
  const out: number[] = [];
  for (let v = from; v <= to; v += step) out.push(v);
  return out;
}
