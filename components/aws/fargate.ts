/**
 * AWS Fargate (Graviton arm64 by default): an ECS cluster, and per service a task definition
 * on the target's `runtimePlatform`, a least-privilege execution role, a CloudWatch log group,
 * a service with circuit breaker and rollback in private subnets, and for public services an
 * ALB whose target group checks the readiness path. Services that connect reach each other by
 * name through ECS Service Connect (a Cloud Map namespace); a task's security group admits only
 * its load balancer and the services that connect to it, on their ports.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { Arch } from "../model/arch";
import { fargateKind } from "./kind";
import { AwsNetwork, type AwsSubnets } from "./network";
import { throwIfProblems } from "../model/problems";
import { guardServices, validateServices, type TargetService } from "../model/service";
import { connectionOrder, validateConnections } from "../model/connections";
import { mainPort } from "../model/ports";
import { efsStorage } from "./storage";
import { jobsBefore, validateBefore } from "../model/jobs";
import { publicLoadBalancer } from "./alb";
import { jobSchedule } from "./schedule";
import type { FargateScope } from "./fargate-scope";
import { logs, roles, secrets, taskDefinition } from "./fargate-task";
import { securityGroups, service, type Reach } from "./fargate-service";

/** The inputs of {@link FargateTarget}. */
export interface FargateTargetArgs {
  /** Application name: prefixes families and log groups. */
  app: string;
  /**
   * Prefix of the names AWS keeps per account and region (task definition families, log groups);
   * every other name is Pulumi's auto-naming.
   * @default `<app>-<stack>`
   */
  namePrefix?: string;
  /** AWS region of the tasks, e.g. `us-east-1` (their log configuration names it). */
  region: pulumi.Input<string>;
  /**
   * The CPU architecture of every task (the ECS runtime platform): `arm64` is Graviton.
   * @default "arm64"
   */
  arch?: Arch;
  /** The services, one ECS service each; checked against the Fargate grid and ECS health ranges first. */
  services: TargetService[];
  /** A VPC block to create the network in, or existing subnets. */
  network:
    | {
        /** The VPC's block, at most /20 (an {@link AwsNetwork} is created in it). */
        cidr: string;
      }
    | AwsSubnets;
  /** ECR repositories the tasks pull from (the execution role may read only these). */
  repositoryArns?: pulumi.Input<string>[];
  /** An ACM certificate: listeners serve HTTPS and redirect HTTP. Without it they serve HTTP. */
  certificateArn?: pulumi.Input<string>;
  /**
   * Days CloudWatch keeps each service's logs.
   * @default 30
   */
  logRetentionDays?: number;
  /** Tags for every taggable resource (the standard tags: `arch`, `app`, `stack`, `managed-by`). */
  tags: Record<string, string>;
}

/**
 * ECS Fargate services on Graviton (`arch: "arm64"`, the default) or x86, with their VPC, logs,
 * least-privilege roles, circuit breaker and, for public services, an ALB. Services that connect
 * reach each other through ECS Service Connect; scheduled jobs run as EventBridge Scheduler tasks.
 *
 * @example
 * ```ts
 * import { FargateTarget } from "@crossarch/components/aws";
 * const target = new FargateTarget("graviton", {
 *   app: "shop", region: "us-east-1", network: { cidr: "10.0.0.0/16" }, tags,
 *   services: [{ name: "api", image: { name: "api", ref: apiRef, platforms: ["linux/arm64"] }, port: 8080, public: true,
 *     env: {}, size: { cpu: 0.5, memoryMiB: 1024 }, replicas: 2, readOnlyRootFilesystem: true, shutdownGraceSeconds: 10,
 *     health: { path: "/healthz", command: ["CMD", "node", "healthcheck.js"], intervalSeconds: 10, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 10 } }],
 * });
 * export const url = target.urls.api;
 * ```
 *
 * @property cluster - The ECS cluster (Container Insights on), joined to the Service Connect namespace when services connect.
 * @property services - Per long-running service: its ECS service.
 * @property taskDefinitions - Per service and scheduled job: its task definition (once jobs are containers of their services' tasks).
 */
export class FargateTarget extends pulumi.ComponentResource {
  readonly cluster: aws.ecs.Cluster;
  readonly services: Record<string, aws.ecs.Service> = {};
  readonly taskDefinitions: Record<string, aws.ecs.TaskDefinition> = {};
  /** Per scheduled job: the EventBridge Scheduler schedule that runs its task. */
  readonly schedules: Record<string, aws.scheduler.Schedule> = {};
  /** Per public service: its load balancer URL. */
  readonly urls: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: FargateTargetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("crossarch:targets:FargateTarget", name, {}, opts);
    const arch = args.arch ?? "arm64";
    // names AWS keeps per account and region: the stack in them, so two stacks of one app do not collide
    const prefix = args.namePrefix ?? `${args.app}-${pulumi.getStack()}`;
    validate(name, arch, args.services);
    const net = network(this, name, args);
    const { namespace, connected } = serviceConnect(this, name, prefix, args);
    this.cluster = cluster(this, name, namespace, args.tags);
    const storage = efsStorage(this, name, args.services, net, args.tags);
    const byName = new Map(args.services.map((x) => [x.name, x]));
    const t: FargateScope = {
      parent: this,
      name,
      prefix,
      arch,
      args,
      tags: args.tags,
      net,
      storage,
      byName,
      cluster: this.cluster,
      namespace,
      connected,
      groups: {},
      services: this.services,
    };
    for (const s of connectionOrder(args.services)) {
      if (s.job?.run === "once") continue; // runs inside the tasks of the services in its `before`
      this.deploy(t, s);
    }
    this.registerOutputs({ urls: this.urls });
  }

  /** One service or scheduled job: its task, then its schedule, or its load balancer, security group and ECS service. */
  private deploy(t: FargateScope, s: TargetService): void {
    // once jobs run first in this service's tasks: the service's container waits for their exit 0
    const hosted = s.job ? [] : jobsBefore(t.args.services, s.name);
    const logGroup = logs(t, s);
    const values = secrets(t, s, [s, ...hosted]);
    const taskRoles = roles(t, s, logGroup, values);
    const task = taskDefinition(t, s, hosted, logGroup, values, taskRoles);
    this.taskDefinitions[s.name] = task;
    if (s.job?.schedule) {
      this.schedules[s.name] = jobSchedule(this, this.cluster, t.name, s, task, [taskRoles.execution, taskRoles.task], t.net, t.tags);
      return;
    }
    const main = mainPort(s);
    const reach: Reach = {
      main,
      lb: s.public && main ? publicLoadBalancer(this, t.name, s, t.net, t.args, main.port) : undefined,
      reaches: [...new Set([s, ...hosted].flatMap((m) => m.connects ?? []))],
    };
    const taskSg = securityGroups(t, s, reach);
    this.services[s.name] = service(t, s, task, taskSg, reach);
    if (reach.lb) this.urls[s.name] = reach.lb.url;
  }
}

/** Every problem of the services at once, before anything is made; then their images against the arch. */
function validate(name: string, arch: Arch, services: TargetService[]): void {
  throwIfProblems(`FargateTarget ${name}`, [
    ...validateServices(fargateKind, services, { target: name, behindLoadBalancer: (s) => s.public }),
    ...validateConnections(services, { target: name }),
    ...validateBefore(services, { target: name }),
  ]);
  guardServices(`${name} (AWS Fargate)`, arch, services);
}

/** A new VPC in the CIDR block given, or the subnets given. */
function network(parent: pulumi.Resource, name: string, args: FargateTargetArgs): AwsSubnets {
  return "cidr" in args.network ? new AwsNetwork(`${name}-net`, { cidr: args.network.cidr, tags: args.tags }, { parent }) : args.network;
}

/**
 * Service Connect: a Cloud Map namespace the services that connect or are connected to join
 * (a once job connects through the tasks it runs in: the services of its `before`).
 */
function serviceConnect(parent: pulumi.Resource, name: string, prefix: string, args: FargateTargetArgs) {
  const connected = new Set(
    args.services.flatMap((s) =>
      (s.connects ?? []).length > 0 ? [s.name, ...(s.connects ?? []), ...(s.job?.run === "once" ? (s.job.before ?? []) : [])] : [],
    ),
  );
  const namespace =
    connected.size > 0
      ? new aws.servicediscovery.HttpNamespace(
          `${name}-ns`,
          { name: `${prefix}-${name}`, description: `Service Connect of ${prefix} on ${name}`, tags: args.tags },
          { parent },
        )
      : undefined;
  return { namespace, connected };
}

/** The ECS cluster, with Container Insights; its services join the namespace by default. */
function cluster(
  parent: pulumi.Resource,
  name: string,
  namespace: aws.servicediscovery.HttpNamespace | undefined,
  tags: Record<string, string>,
): aws.ecs.Cluster {
  return new aws.ecs.Cluster(
    `${name}-cluster`,
    {
      settings: [{ name: "containerInsights", value: "enabled" }],
      ...(namespace && { serviceConnectDefaults: { namespace: namespace.arn } }),
      tags,
    },
    { parent },
  );
}
