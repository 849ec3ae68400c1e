/**
 * Azure Container Apps (Consumption workload profile) container sizes:
 * 0.25-4 vCPU in 0.25 steps, memory exactly 2 GiB per vCPU
 * (https://learn.microsoft.com/azure/container-apps/containers#allocations).
 */
import type { Problem } from "../model/problems";
import { formatMemory } from "../model/units";
import { nearest, range, showCpus, type Size } from "../model/size";

/**
 * The Consumption workload profile every crossarch environment declares and every app names.
 * An environment without `workloadProfiles` is a v1 (Consumption-only) one, which caps an app
 * at 2 vCPU / 4Gi; in a workload-profiles environment the Consumption profile allows 4 vCPU / 8Gi
 * (https://learn.microsoft.com/azure/container-apps/workload-profiles-overview#profile-types).
 */
export const ACA_CONSUMPTION_PROFILE = {
  /** The profile's name in the environment, which each app and job names. */
  name: "Consumption",
  /** Azure's profile type. */
  workloadProfileType: "Consumption",
} as const;

/**
 * Memory as Container Apps takes it: in Gi with at most two decimals (`0.5Gi` for 0.25 vCPU,
 * never `512Mi`), as the allocation table writes it
 * (https://learn.microsoft.com/azure/container-apps/containers#allocations).
 */
export function formatAcaMemory(mib: number): string {
  return `${Math.round((mib / 1024) * 100) / 100}Gi`;
}

/** Legal ACA Consumption cpu values in vCPU. */
export const ACA_CPUS: readonly number[] = range(1, 16, 1).map((q) => q / 4);

/** Memory in MiB that ACA Consumption requires for `cpu` vCPU (2 GiB per vCPU). */
export function acaMemoryFor(cpu: number): number {
  return cpu * 2048;
}

/** Check a container size against the ACA Consumption grid; problems sit at `cpu` or `memory`. */
export function validateAcaSize(size: Size): Problem[] {
  if (!ACA_CPUS.includes(size.cpu)) {
    return [
      {
        path: ["cpu"],
        message: `${size.cpu} vCPU is not an Azure Container Apps size; allowed: 0.25-4 vCPU in 0.25 steps; nearest: ${showCpus(nearest(ACA_CPUS, size.cpu))}`,
      },
    ];
  }
  const required = acaMemoryFor(size.cpu);
  if (size.memoryMiB === required) return [];
  const cpuForMemory = size.memoryMiB / 2048;
  const alt = ACA_CPUS.includes(cpuForMemory) ? ` (or cpu ${cpuForMemory} for ${formatMemory(size.memoryMiB)})` : "";
  return [
    {
      path: ["memory"],
      message: `${formatMemory(size.memoryMiB)} with ${size.cpu} vCPU is not an Azure Container Apps size: memory must be exactly 2Gi per vCPU, so ${formatMemory(required)}${alt}`,
    },
  ];
}
