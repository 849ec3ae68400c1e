/**
 * The kinds of deployment target and the facts the model needs about each:
 * which archs it runs and how a replica's size is checked.
 */
import type { Arch } from "./arch";
import type { Problem } from "./problems";
import { validateAcaSize } from "./sizing/aca";
import { validateFargateSize } from "./sizing/fargate";
import { validateLocalSize } from "./sizing/local";
import type { Size } from "./sizing/size";

/** Where a service can run. */
export type TargetKind = "aca" | "fargate" | "oci" | "local";

/** Every target kind. */
export const TARGET_KINDS: readonly TargetKind[] = ["aca", "fargate", "oci", "local"];

/** Human names for messages. */
export const TARGET_KIND_NAMES: Readonly<Record<TargetKind, string>> = {
  aca: "Azure Container Apps",
  fargate: "AWS Fargate",
  oci: "OCI Container Instance",
  local: "local Docker engine",
};

/** The archs each kind can run at all (ACA runs linux/amd64 only). */
export const KIND_ARCHES: Readonly<Record<TargetKind, readonly Arch[]>> = {
  aca: ["amd64"],
  fargate: ["amd64", "arm64"],
  oci: ["amd64", "arm64"],
  local: ["amd64", "arm64"],
};

/** Options some checks need. */
export interface SizeCheckOptions {
  /** Cores of the machine running the local engine. */
  hostCpus: number;
}

/**
 * Check one replica's size on a kind. OCI containers have no grid of their own: they
 * must fit inside the instance, which is checked with the instance (see sizing/oci).
 */
export function validateSizeOn(kind: TargetKind, size: Size, options: SizeCheckOptions): Problem[] {
  switch (kind) {
    case "aca":
      return validateAcaSize(size);
    case "fargate":
      return validateFargateSize(size);
    case "local":
      return validateLocalSize(size, options.hostCpus);
    case "oci":
      return size.cpu > 0 ? [] : [{ path: ["cpu"], message: `${size.cpu} vCPU: an OCI container needs a positive vcpusLimit` }];
  }
}
