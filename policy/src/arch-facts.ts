// Copied from components/model/arch.ts by scripts/vendor-policy-facts.mjs; edit the source, then run it.
/**
 * The architecture table: one place that maps a CPU architecture to the names each
 * platform gives it. Pure data and pure functions; no resources.
 */

/** A CPU architecture crossarch builds and deploys. */
export type Arch = "amd64" | "arm64";

/** Every architecture crossarch knows, in a stable order. */
export const ARCHES: readonly Arch[] = ["amd64", "arm64"];

/** An OCI/Docker platform string such as `linux/arm64`. */
export type Platform = `linux/${Arch}`;

/** What each platform calls an architecture. */
export interface ArchNames {
  /** The OCI image platform (`docker buildx --platform`, manifest lists). */
  platform: Platform;
  /** ECS `runtimePlatform.cpuArchitecture`. */
  ecsCpuArchitecture: "X86_64" | "ARM64";
  /**
   * OCI Container Instance shapes that run this arch: E3/E4/E5 (AMD) and A1 (Ampere) are the
   * `CI.*` shapes there are; `Standard3` and `A2` exist only as VM shapes
   * (https://docs.oracle.com/en-us/iaas/Content/container-instances/overview-of-container-instances.htm#shapes).
   */
  ociShapes: readonly string[];
  /** How many vCPUs one OCI OCPU is on this arch (x86 OCPUs are SMT cores, Ampere OCPUs are single-thread cores). */
  vcpusPerOcpu: number;
  /** Node's `process.arch` for this architecture. */
  nodeArch: "x64" | "arm64";
  /** `uname -m` inside a container of this arch. */
  uname: "x86_64" | "aarch64";
}

/** The arch table. */
export const ARCH_TABLE: Readonly<Record<Arch, ArchNames>> = {
  amd64: {
    platform: "linux/amd64",
    ecsCpuArchitecture: "X86_64",
    ociShapes: ["CI.Standard.E3.Flex", "CI.Standard.E4.Flex", "CI.Standard.E5.Flex"],
    vcpusPerOcpu: 2,
    nodeArch: "x64",
    uname: "x86_64",
  },
  arm64: {
    platform: "linux/arm64",
    ecsCpuArchitecture: "ARM64",
    ociShapes: ["CI.Standard.A1.Flex"],
    vcpusPerOcpu: 1,
    nodeArch: "arm64",
    uname: "aarch64",
  },
};

/** True when `value` is an {@link Arch}. */
export function isArch(value: unknown): value is Arch {
  return value === "amd64" || value === "arm64";
}

/** The arch of a Node.js `process.arch` (`x64` -> `amd64`), or `undefined` for one crossarch does not run. */
export function archOfNode(nodeArch: string): Arch | undefined {
  return ARCHES.find((a) => ARCH_TABLE[a].nodeArch === nodeArch);
}

/** `amd64` -> `linux/amd64`. */
export function platformOf(arch: Arch): Platform {
  return ARCH_TABLE[arch].platform;
}

/**
 * The arch of a platform string, or `undefined` for anything crossarch does not run
 * (including the `unknown/unknown` entries BuildKit adds for attestations).
 * Accepts variants such as `linux/arm64/v8`.
 */
export function archOfPlatform(platform: string): Arch | undefined {
  const [os, arch, variant] = platform.split("/");
  if (os !== "linux" || !isArch(arch)) return undefined;
  if (arch === "arm64" && variant !== undefined && variant !== "v8") return undefined;
  if (arch === "amd64" && variant !== undefined && !/^v[1-4]$/.test(variant)) return undefined;
  return arch;
}

/** ECS `runtimePlatform.cpuArchitecture` for an arch. */
export function ecsCpuArchitecture(arch: Arch): "X86_64" | "ARM64" {
  return ARCH_TABLE[arch].ecsCpuArchitecture;
}

/** The arch of an ECS `cpuArchitecture` value (`ARM64`, `X86_64`), or `undefined`. */
export function archOfEcsCpuArchitecture(value: string): Arch | undefined {
  return ARCHES.find((a) => ARCH_TABLE[a].ecsCpuArchitecture === value.toUpperCase());
}

/**
 * The arch of an OCI shape name. Container Instance shapes (`CI.*`) are only those of the arch
 * table; for VM and bare-metal shapes, Ampere A1/A2 are arm64 and AMD E2-E6 and Intel
 * Standard2/3, Optimized3 and X9 are amd64.
 */
export function archOfOciShape(shape: string): Arch | undefined {
  const parts = shape.split(".");
  if (parts[0] === "CI") return ARCHES.find((a) => ARCH_TABLE[a].ociShapes.includes(shape));
  if (!["VM", "BM"].includes(parts[0] ?? "")) return undefined;
  const rest = parts.slice(1);
  if (rest.some((p) => /^A\d$/.test(p))) return "arm64";
  if (rest.some((p) => /^(E\d|X\d+|Standard[23]|Optimized3|DenseIO[23])$/.test(p))) return "amd64";
  return undefined;
}

/**
 * The arch of an EC2 instance type: Graviton families carry a `g` after the
 * generation digit (`m7g`, `c6gn`, `t4g`, `r8g`), except `g`-prefixed GPU families
 * and the x86 families whose suffix letters do not include `g`.
 */
export function archOfEc2InstanceType(instanceType: string): Arch | undefined {
  const m = /^([a-z]+)(\d+)([a-z0-9-]*)\.[a-z0-9]+$/.exec(instanceType);
  if (!m) return undefined;
  const [, family, , suffix] = m;
  if (family === "a") return "arm64"; // a1: first-generation Graviton
  if (family === "mac") return m[2] === "1" ? "amd64" : "arm64"; // mac1 is Intel, mac2+ Apple silicon
  return suffix.includes("g") ? "arm64" : "amd64";
}
