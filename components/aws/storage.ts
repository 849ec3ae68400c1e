/**
 * Persistent volumes on Fargate: one encrypted EFS file system per target, a mount target in
 * each private subnet behind a security group that admits NFS only from the services that mount
 * it, and an access point per volume (its own directory, owned by the service's user). The file
 * system and access points outlive `pulumi destroy` unless every volume opts out.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { AwsSubnets } from "./network";
import type { TargetService } from "../model/service";
import { persistentVolumes } from "../model/volumes";

/** What task definitions and roles need of the storage. */
export interface EfsStorage {
  fileSystem: aws.efs.FileSystem;
  securityGroupId: pulumi.Output<string>;
  /** One per private subnet: a task that mounts a volume starts after them. */
  mountTargets: aws.efs.MountTarget[];
  /** `<service>/<volume>` -> its access point. */
  accessPoints: Record<string, aws.efs.AccessPoint>;
}

/** The EFS storage of a target's persistent volumes, or undefined when it has none. */
export function efsStorage(
  parent: pulumi.Resource,
  name: string,
  services: readonly TargetService[],
  net: AwsSubnets,
  tags: Record<string, string>,
): EfsStorage | undefined {
  const volumes = services.flatMap((s) => persistentVolumes(s).map((v) => ({ s, v })));
  if (volumes.length === 0) return undefined;
  const retain = volumes.some(({ v }) => v.retainOnDelete !== false);
  const fileSystem = new aws.efs.FileSystem(
    `${name}-efs`,
    { encrypted: true, performanceMode: "generalPurpose", throughputMode: "elastic", tags: { ...tags, Name: `${name}-efs` } },
    { parent, retainOnDelete: retain },
  );
  const sg = new aws.ec2.SecurityGroup(`${name}-efs`, { vpcId: net.vpcId, description: "EFS mount targets", tags }, { parent });
  const mountTargets = net.privateSubnetIds.map(
    (subnetId, i) =>
      new aws.efs.MountTarget(`${name}-efs-${i}`, { fileSystemId: fileSystem.id, subnetId, securityGroups: [sg.id] }, { parent }),
  );
  const accessPoints: Record<string, aws.efs.AccessPoint> = {};
  for (const { s, v } of volumes) {
    const [uid, gid] = (s.user ?? "0:0").split(":").map(Number);
    const owner = { uid, gid: gid ?? uid };
    accessPoints[`${s.name}/${v.name}`] = new aws.efs.AccessPoint(
      `${name}-${s.name}-${v.name}`,
      {
        fileSystemId: fileSystem.id,
        // the volume's own directory, created for the service's user on first mount
        rootDirectory: { path: `/${s.name}/${v.name}`, creationInfo: { ownerUid: owner.uid, ownerGid: owner.gid, permissions: "0750" } },
        ...(s.user !== undefined && { posixUser: { uid: owner.uid, gid: owner.gid } }),
        tags,
      },
      { parent, retainOnDelete: v.retainOnDelete !== false },
    );
  }
  return { fileSystem, securityGroupId: sg.id, mountTargets, accessPoints };
}

/** A service's task-definition volumes: EFS through its access point (TLS, IAM), or task storage. */
export function taskVolumes(s: TargetService, storage: EfsStorage | undefined) {
  return (s.volumes ?? []).map((v) => {
    const ap = storage?.accessPoints[`${s.name}/${v.name}`];
    return v.persistent && storage && ap
      ? {
          name: v.name,
          efsVolumeConfiguration: {
            fileSystemId: storage.fileSystem.id,
            transitEncryption: "ENABLED",
            authorizationConfig: { accessPointId: ap.id, iam: "ENABLED" },
          },
        }
      : { name: v.name };
  });
}

/** The task role's permission to mount (and write) the service's access points, and nothing else. */
export function efsPolicy(s: TargetService, storage: EfsStorage): pulumi.Output<string> | undefined {
  const aps = persistentVolumes(s).map((v) => storage.accessPoints[`${s.name}/${v.name}`].arn);
  if (aps.length === 0) return undefined;
  return pulumi.jsonStringify({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Action: ["elasticfilesystem:ClientMount", "elasticfilesystem:ClientWrite"],
        Resource: storage.fileSystem.arn,
        Condition: { StringEquals: { "elasticfilesystem:AccessPointArn": aps } },
      },
    ],
  });
}
