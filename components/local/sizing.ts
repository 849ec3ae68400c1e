/**
 * Local Docker engine limits (`docker run --cpus --memory`): any cpu from 0.01 up to the
 * host's cores, memory from 6 MiB (Docker's floor).
 */
import type { Problem } from "../model/problems";
import { formatMemory } from "../model/units";
import type { Size } from "../model/size";

/** Docker's smallest `--memory`. */
export const DOCKER_MIN_MEMORY_MIB = 6;

/** Check a replica size against the local engine; `hostCpus` is the machine's core count. */
export function validateLocalSize(size: Size, hostCpus: number): Problem[] {
  const problems: Problem[] = [];
  if (!(size.cpu >= 0.01 && size.cpu <= hostCpus)) {
    problems.push({
      path: ["cpu"],
      message: `${size.cpu} vCPU does not fit this machine; allowed: 0.01-${hostCpus} vCPU (its core count)`,
    });
  }
  if (size.memoryMiB < DOCKER_MIN_MEMORY_MIB) {
    problems.push({ path: ["memory"], message: `${formatMemory(size.memoryMiB)} is below Docker's minimum of ${DOCKER_MIN_MEMORY_MIB}Mi` });
  }
  return problems;
}
