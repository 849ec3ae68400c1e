/**
 * OCI Container Instance shapes: the instance `shapeConfig` range and the rule that the
 * containers' `resourceConfig` limits must fit inside it
 * (https://docs.oracle.com/iaas/Content/container-instances/container-instance-shapes.htm).
 */
import type { Arch } from "../model/arch";
import type { Problem } from "../model/problems";
import { formatMemory, roundCpu } from "../model/units";
import { nearest, range, showSize, type Size } from "../model/size";

/** The sizing rules of one flexible Container Instance shape. */
export interface OciShapeLimits {
  /** The arch the shape runs. */
  arch: Arch;
  /** Smallest and largest OCPU count (whole OCPUs). */
  ocpus: readonly [number, number];
  /** Smallest and largest GB of memory per OCPU. */
  memoryGbPerOcpu: readonly [number, number];
  /** Largest memory of one instance in GB. */
  maxMemoryGb: number;
  /** vCPUs per OCPU (Ampere: one single-thread core per OCPU). */
  vcpusPerOcpu: number;
}

/** The shapes crossarch sizes. Ampere A1 is the arm64 target; others can be added with their limits. */
export const OCI_SHAPES: Readonly<Record<string, OciShapeLimits>> = {
  "CI.Standard.A1.Flex": { arch: "arm64", ocpus: [1, 76], memoryGbPerOcpu: [1, 64], maxMemoryGb: 488, vcpusPerOcpu: 1 },
};

/** An OCI Container Instance size: its shape, OCPUs and memory. */
export interface OciInstanceSize {
  /** Shape name, e.g. `CI.Standard.A1.Flex`. */
  shape: string;
  /** Whole OCPUs. */
  ocpus: number;
  /** Memory in MiB (a whole number of GB: OCI's GB are GiB). */
  memoryMiB: number;
}

/** The instance's capacity in neutral units (vCPU, MiB). */
export function ociInstanceCapacity(instance: OciInstanceSize): Size {
  const limits = OCI_SHAPES[instance.shape];
  return { cpu: instance.ocpus * (limits?.vcpusPerOcpu ?? 1), memoryMiB: instance.memoryMiB };
}

/** Check an instance shape config; problems sit at `shape`, `ocpus` or `memory`. */
export function validateOciInstance(instance: OciInstanceSize): Problem[] {
  const limits = OCI_SHAPES[instance.shape];
  if (!limits) {
    return [
      {
        path: ["shape"],
        message: `${JSON.stringify(instance.shape)} is not a shape crossarch sizes; allowed: ${Object.keys(OCI_SHAPES).join(", ")}`,
      },
    ];
  }
  const [minO, maxO] = limits.ocpus;
  if (!Number.isInteger(instance.ocpus) || instance.ocpus < minO || instance.ocpus > maxO) {
    return [
      {
        path: ["ocpus"],
        message: `${instance.ocpus} OCPUs is not legal for ${instance.shape}; allowed: whole numbers ${minO}-${maxO}; nearest: ${nearest(range(minO, maxO, 1), instance.ocpus).join(", ")}`,
      },
    ];
  }
  const minGb = Math.max(1, instance.ocpus * limits.memoryGbPerOcpu[0]);
  const maxGb = Math.min(instance.ocpus * limits.memoryGbPerOcpu[1], limits.maxMemoryGb);
  const gb = instance.memoryMiB / 1024;
  if (Number.isInteger(gb) && gb >= minGb && gb <= maxGb) return [];
  return [
    {
      path: ["memory"],
      message:
        `${formatMemory(instance.memoryMiB)} is not legal for ${instance.ocpus} OCPUs of ${instance.shape}; ` +
        `allowed: whole GiB from ${minGb}Gi to ${maxGb}Gi (${limits.memoryGbPerOcpu[0]}-${limits.memoryGbPerOcpu[1]} GiB per OCPU, at most ${limits.maxMemoryGb}Gi); ` +
        `nearest: ${nearest(range(minGb, maxGb, 1), gb)
          .map((g) => `${g}Gi`)
          .join(", ")}`,
    },
  ];
}

/** One container placed on an OCI instance. */
export interface OciContainer {
  /** The service name, for messages. */
  name: string;
  /** Its `resourceConfig` limits. */
  size: Size;
}

/**
 * Check that the containers' limits fit inside the instance: each container's and the
 * sum of all. Problems sit at `containers[i]` or at the instance (`[]`).
 */
export function validateOciContainersFit(instance: OciInstanceSize, containers: readonly OciContainer[]): Problem[] {
  const cap = ociInstanceCapacity(instance);
  const problems: Problem[] = [];
  containers.forEach((c, i) => {
    if (c.size.cpu > cap.cpu || c.size.memoryMiB > cap.memoryMiB) {
      problems.push({
        path: ["containers", i],
        message: `${c.name} asks for ${showSize(c.size)}, more than the whole ${instance.shape} instance (${showSize(cap)})`,
      });
    }
  });
  const cpu = roundCpu(containers.reduce((s, c) => s + c.size.cpu, 0));
  const memoryMiB = containers.reduce((s, c) => s + c.size.memoryMiB, 0);
  if (problems.length === 0 && (cpu > cap.cpu || memoryMiB > cap.memoryMiB)) {
    problems.push({
      path: [],
      message:
        `containers need ${showSize({ cpu, memoryMiB })} but the ${instance.shape} instance has ${showSize(cap)} ` +
        `(${containers.map((c) => `${c.name} ${showSize(c.size)}`).join(", ")}); raise ocpus/memory or shrink the containers`,
    });
  }
  return problems;
}
