/**
 * AWS Fargate task sizes: the legal cpu/memory grid
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size).
 */
import type { Problem } from "../model/problems";
import { formatMemory } from "../model/units";
import { nearest, range, showCpus, showMemories, type Size } from "../model/size";

/** Task CPU units (1024 = 1 vCPU) -> the legal task memory values in MiB. */
export const FARGATE_GRID: ReadonlyMap<number, readonly number[]> = new Map([
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)],
]);

/** The legal task cpu values in vCPU. */
export const FARGATE_CPUS: readonly number[] = [...FARGATE_GRID.keys()].map((u) => u / 1024);

/** vCPU -> ECS task `cpu` units (0.5 -> 512). */
export function fargateCpuUnits(cpu: number): number {
  return Math.round(cpu * 1024);
}

/** Check a task size against the Fargate grid; problems sit at `cpu` or `memory`. */
export function validateFargateSize(size: Size): Problem[] {
  const memories = FARGATE_GRID.get(fargateCpuUnits(size.cpu));
  if (!memories || !Number.isFinite(size.cpu)) {
    return [
      {
        path: ["cpu"],
        message: `${size.cpu} vCPU is not a Fargate task size; allowed: ${showCpus(FARGATE_CPUS)}; nearest: ${showCpus(nearest(FARGATE_CPUS, size.cpu))}`,
      },
    ];
  }
  if (memories.includes(size.memoryMiB)) return [];
  const fits = FARGATE_CPUS.filter((c) => FARGATE_GRID.get(fargateCpuUnits(c))?.includes(size.memoryMiB));
  const other = fits.length > 0 ? `; ${formatMemory(size.memoryMiB)} is legal with ${showCpus(fits)}` : "";
  return [
    {
      path: ["memory"],
      message:
        `${formatMemory(size.memoryMiB)} is not a Fargate memory size for ${size.cpu} vCPU; allowed: ${describeSteps(memories)}; ` +
        `nearest: ${showMemories(nearest(memories, size.memoryMiB))}${other}`,
    },
  ];
}

/** `[1024, 2048, 3072, 4096]` -> `1Gi-4Gi in 1Gi steps`; irregular lists are spelled out. */
function describeSteps(values: readonly number[]): string {
  const step = values[1] - values[0];
  const regular = values.length > 3 && values.every((v, i) => i === 0 || v - values[i - 1] === step);
  return regular
    ? `${formatMemory(values[0])}-${formatMemory(values[values.length - 1])} in ${formatMemory(step)} steps`
    : showMemories(values);
}
