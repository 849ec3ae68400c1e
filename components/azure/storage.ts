/**
 * Persistent volumes on Container Apps: one storage account per target (HTTPS and TLS 1.2 only,
 * no public blob access), an Azure Files share per volume (its quota from the volume's size),
 * registered on the environment with the account key kept secret. Account and shares outlive
 * `pulumi destroy` unless every volume opts out.
 */
import * as app from "@pulumi/azure-native/app";
import * as storage from "@pulumi/azure-native/storage";
import * as pulumi from "@pulumi/pulumi";
import type * as azureInputs from "@pulumi/azure-native/types/input";
import type { TargetService } from "../model/service";
import { persistentVolumes } from "../model/volumes";

/** The default quota of a share whose volume gives no size, in GiB. */
export const DEFAULT_SHARE_GIB = 10;

/** `<service>/<volume>` -> the environment storage its app mounts. */
export type AcaStorages = Record<string, pulumi.Output<string>>;

/** What `acaStorages` needs of the target: where the storage account goes, and the environment. */
export interface AcaStorageArgs {
  /** The target's resource group (the storage account goes in it). */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region of the storage account. */
  location: pulumi.Input<string>;
  /** The environment the shares are registered on. */
  environment: app.ManagedEnvironment;
  /** The standard tags. */
  tags: Record<string, string>;
}

/** The environment storages of a target's persistent volumes (none when it has none). */
export function acaStorages(parent: pulumi.Resource, name: string, services: readonly TargetService[], args: AcaStorageArgs): AcaStorages {
  const volumes = services.flatMap((s) => persistentVolumes(s).map((v) => ({ s, v })));
  if (volumes.length === 0) return {};
  const account = new storage.StorageAccount(
    `${name}st`,
    {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      kind: "StorageV2",
      sku: { name: "Standard_LRS" },
      minimumTlsVersion: "TLS1_2",
      enableHttpsTrafficOnly: true,
      allowBlobPublicAccess: false,
      tags: args.tags,
    },
    { parent, retainOnDelete: volumes.some(({ v }) => v.retainOnDelete !== false) },
  );
  const key = pulumi.secret(
    storage
      .listStorageAccountKeysOutput({ resourceGroupName: args.resourceGroupName, accountName: account.name }, { parent })
      .apply((r) => r.keys[0]?.value ?? ""),
  );
  const out: AcaStorages = {};
  for (const { s, v } of volumes) {
    const id = `${s.name}-${v.name}`;
    const share = new storage.FileShare(
      `${name}-${id}`,
      {
        resourceGroupName: args.resourceGroupName,
        accountName: account.name,
        shareName: id,
        shareQuota: v.sizeMiB !== undefined ? v.sizeMiB / 1024 : DEFAULT_SHARE_GIB,
        enabledProtocols: "SMB",
      },
      { parent, retainOnDelete: v.retainOnDelete !== false },
    );
    const registered = new app.ManagedEnvironmentsStorage(
      `${name}-${id}`,
      {
        resourceGroupName: args.resourceGroupName,
        environmentName: args.environment.name,
        storageName: id,
        properties: { azureFile: { accountName: account.name, accountKey: key, shareName: share.name, accessMode: "ReadWrite" } },
      },
      { parent },
    );
    out[`${s.name}/${v.name}`] = registered.name;
  }
  return out;
}

/** A service's template volumes: its Azure Files storages, or EmptyDir scratch space. */
export function acaVolumes(s: TargetService, storages: AcaStorages): azureInputs.app.VolumeArgs[] {
  return (s.volumes ?? []).map((v) =>
    v.persistent
      ? { name: v.name, storageType: "AzureFile", storageName: storages[`${s.name}/${v.name}`] }
      : { name: v.name, storageType: "EmptyDir" },
  );
}
