/**
 * What the steps of one `FargateTarget` share (./fargate-task.ts, ./fargate-service.ts): the
 * target, its names, network and storage, its cluster and Service Connect namespace, and the
 * security groups and services made so far (servers before the services that connect to them).
 */
import type * as aws from "./sdk";
import type * as pulumi from "@pulumi/pulumi";
import type { Arch } from "../model/arch";
import type { TargetService } from "../model/service";
import type { AwsSubnets } from "./network";
import type { EfsStorage } from "./storage";
import type { FargateTargetArgs } from "./fargate";

export interface FargateScope {
  /** The target: the parent of every resource. */
  parent: pulumi.Resource;
  /** The target's name, first in every resource name. */
  name: string;
  /** Prefix of the names AWS keeps per account and region. */
  prefix: string;
  arch: Arch;
  args: FargateTargetArgs;
  tags: Record<string, string>;
  net: AwsSubnets;
  storage: EfsStorage | undefined;
  byName: Map<string, TargetService>;
  cluster: aws.ecs.Cluster;
  /** The Service Connect namespace, when any service connects. */
  namespace: aws.servicediscovery.HttpNamespace | undefined;
  /** The services that join the namespace. */
  connected: Set<string>;
  /** Per service so far: its task security group. */
  groups: Record<string, aws.ec2.SecurityGroup>;
  /** Per service so far: its ECS service. */
  services: Record<string, aws.ecs.Service>;
}
