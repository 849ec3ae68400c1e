/**
 * Persistent volumes on OCI: a File Storage file system per volume, one mount target per target
 * in the instance's subnet, and an export per file system that only that subnet may mount. The
 * instance mounts each as an `OCI_FSS_FILE_SYSTEM` volume. File systems outlive
 * `pulumi destroy` unless their volume opts out.
 */
import * as oci from "./sdk";
import type * as pulumi from "@pulumi/pulumi";
import type * as ociInputs from "@pulumi/oci/types/input";
import type { TargetService } from "../model/service";
import { persistentVolumes } from "../model/volumes";

/** What the instance's volumes need: the mount target and each volume's export. */
export interface OciStorage {
  mountTargetId: pulumi.Output<string>;
  /** `<service>/<volume>` -> its export. */
  exports: Record<string, oci.filestorage.Export>;
}

/** What `ociStorage` needs of the target: where the file systems and their mount target go. */
export interface OciStorageArgs {
  /** OCID of the compartment the file systems go in. */
  compartmentId: pulumi.Input<string>;
  /** The instance's availability domain (file systems and mount target live in one). */
  availabilityDomain: pulumi.Input<string>;
  /** The instance's subnet: the mount target gets an address there. */
  subnetId: pulumi.Input<string>;
  /** The block that may mount the exports (the instance's subnet). */
  sourceCidr: pulumi.Input<string>;
  /** OCI freeform tags (the standard tags). */
  freeformTags: Record<string, string>;
}

/** The file systems of a target's persistent volumes, or undefined when it has none. */
export function ociStorage(
  parent: pulumi.Resource,
  name: string,
  services: readonly TargetService[],
  args: OciStorageArgs,
): OciStorage | undefined {
  const volumes = services.flatMap((s) => persistentVolumes(s).map((v) => ({ s, v })));
  if (volumes.length === 0) return undefined;
  const common = { compartmentId: args.compartmentId, availabilityDomain: args.availabilityDomain, freeformTags: args.freeformTags };
  const mountTarget = new oci.filestorage.MountTarget(
    `${name}-fss`,
    { ...common, subnetId: args.subnetId, displayName: `${name}-fss` },
    { parent },
  );
  const exports: OciStorage["exports"] = {};
  for (const { s, v } of volumes) {
    const id = `${s.name}-${v.name}`;
    const fs = new oci.filestorage.FileSystem(
      `${name}-${id}`,
      { ...common, displayName: `${name}-${id}` },
      { parent, retainOnDelete: v.retainOnDelete !== false },
    );
    exports[`${s.name}/${v.name}`] = new oci.filestorage.Export(
      `${name}-${id}`,
      {
        exportSetId: mountTarget.exportSetId,
        fileSystemId: fs.id,
        path: `/${id}`,
        exportOptions: [{ source: args.sourceCidr, access: "READ_WRITE", identitySquash: "NONE", requirePrivilegedSourcePort: false }],
      },
      { parent },
    );
  }
  return { mountTargetId: mountTarget.id, exports };
}

/** The instance's volumes: each service's file systems, and EMPTYDIR scratch space. */
export function ociVolumes(
  services: readonly TargetService[],
  storage: OciStorage | undefined,
): ociInputs.ContainerEngine.ContainerInstanceVolume[] {
  return services.flatMap((s) =>
    (s.volumes ?? []).map((v): ociInputs.ContainerEngine.ContainerInstanceVolume => {
      const exp = storage?.exports[`${s.name}/${v.name}`];
      return v.persistent && storage && exp
        ? {
            name: `${s.name}-${v.name}`,
            volumeType: "OCI_FSS_FILE_SYSTEM",
            mountTarget: { id: storage.mountTargetId },
            export: { id: exp.id },
          }
        : { name: `${s.name}-${v.name}`, volumeType: "EMPTYDIR", backingStore: "EPHEMERAL_STORAGE" };
    }),
  );
}

/** A container's mounts of its service's volumes (instance volumes are named `<service>-<volume>`). */
export function ociVolumeMounts(s: TargetService): ociInputs.ContainerEngine.ContainerInstanceContainerVolumeMount[] {
  return (s.volumes ?? []).map((v) => ({ volumeName: `${s.name}-${v.name}`, mountPath: v.path }));
}
