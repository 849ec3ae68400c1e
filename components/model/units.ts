/**
 * Memory quantities. Config and component args write memory as a string with a binary
 * unit (`512Mi`, `1Gi`, `1.5Gi`); internally everything is whole MiB.
 */

const MEMORY = /^(\d+(?:\.\d+)?)(Mi|Gi)$/;

/** A memory quantity as written: `<number>Mi` or `<number>Gi`. */
export type MemoryQuantity = `${number}Mi` | `${number}Gi`;

/** Parse `512Mi` / `1.5Gi` to MiB; `undefined` when the text is not a whole number of MiB. */
export function parseMemory(text: string): number | undefined {
  const m = MEMORY.exec(text.trim());
  if (!m) return undefined;
  const mib = Number(m[1]) * (m[2] === "Gi" ? 1024 : 1);
  return Number.isInteger(mib) && mib > 0 ? mib : undefined;
}

/** MiB -> the shortest exact text: 2048 -> `2Gi`, 1536 -> `1.5Gi`, 700 -> `700Mi`. */
export function formatMemory(mib: number): MemoryQuantity {
  const gi = mib / 1024;
  if (mib >= 1024 && Number.isInteger(gi * 4)) return `${gi}Gi`;
  return `${mib}Mi`;
}

/** MiB -> GiB as a number (ACA and OCI write memory in GiB). */
export function mibToGib(mib: number): number {
  return mib / 1024;
}

/** Round a vCPU figure for display and comparison without float noise. */
export function roundCpu(value: number): number {
  return Math.round(value * 1000) / 1000;
}
