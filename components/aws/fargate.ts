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
import { ecsCpuArchitecture, type Arch } from "../model/arch";
import { fargateKind } from "./kind";
import { fargateCpuUnits } from "./sizing";
import { AwsNetwork, type AwsSubnets } from "./network";
import { containerDefinition } from "./task";
import { throwIfProblems } from "../model/problems";
import { guardServices, imageTags, validateServices, type TargetService } from "../model/service";
import { connectionEnv, connectionOrder, validateConnections } from "../model/connections";
import { mainPort, portsOf } from "../model/ports";
import { efsPolicy, efsStorage, taskVolumes } from "./storage";
import { jobsBefore, validateBefore } from "../model/jobs";
import { publicLoadBalancer } from "./alb";
import { jobSchedule } from "./schedule";
import { persistentVolumes } from "../model/volumes";

export interface FargateTargetArgs {
  /** Application name: prefixes families and log groups. */
  app: string;
  /**
   * Prefix of the names AWS keeps per account and region (task definition families, log groups).
   * Default `<app>-<stack>`; every other name is Pulumi's auto-naming.
   */
  namePrefix?: string;
  /** AWS region of the tasks, e.g. `us-east-1` (their log configuration names it). */
  region: pulumi.Input<string>;
  /** Default arm64 (Graviton). */
  arch?: Arch;
  /** The services, one ECS service each; checked against the Fargate grid and ECS health ranges first. */
  services: TargetService[];
  /** A VPC block to create the network in, or existing subnets. */
  network: { cidr: string } | AwsSubnets;
  /** ECR repositories the tasks pull from (the execution role may read only these). */
  repositoryArns?: pulumi.Input<string>[];
  /** An ACM certificate: listeners serve HTTPS and redirect HTTP. Without it they serve HTTP. */
  certificateArn?: pulumi.Input<string>;
  /** Days CloudWatch keeps each service's logs; default 30. */
  logRetentionDays?: number;
  /** Tags for every taggable resource (the standard tags: `arch`, `app`, `stack`, `managed-by`). */
  tags: Record<string, string>;
}

const ASSUME_ECS_TASKS = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/**
 * ECS Fargate services on Graviton (`arch: "arm64"`, the default) or x86, with their VPC, logs,
 * least-privilege roles, circuit breaker and, for public services, an ALB.
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
    throwIfProblems(`FargateTarget ${name}`, [
      ...validateServices(fargateKind, args.services, { target: name, behindLoadBalancer: (s) => s.public }),
      ...validateConnections(args.services, { target: name }),
      ...validateBefore(args.services, { target: name }),
    ]);
    guardServices(`${name} (AWS Fargate)`, arch, args.services);
    const p = { parent: this };
    const tags = args.tags;
    const net: AwsSubnets = "cidr" in args.network ? new AwsNetwork(`${name}-net`, { cidr: args.network.cidr, tags }, p) : args.network;
    // Service Connect: a Cloud Map namespace the services that connect or are connected to join
    // (a once job connects through the tasks it runs in: the services of its `before`)
    const connected = new Set(
      args.services.flatMap((s) =>
        (s.connects ?? []).length > 0 ? [s.name, ...(s.connects ?? []), ...(s.job?.run === "once" ? (s.job.before ?? []) : [])] : [],
      ),
    );
    const namespace =
      connected.size > 0
        ? new aws.servicediscovery.HttpNamespace(
            `${name}-ns`,
            { name: `${prefix}-${name}`, description: `Service Connect of ${prefix} on ${name}`, tags },
            p,
          )
        : undefined;
    this.cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      {
        settings: [{ name: "containerInsights", value: "enabled" }],
        ...(namespace && { serviceConnectDefaults: { namespace: namespace.arn } }),
        tags,
      },
      p,
    );
    const byName = new Map(args.services.map((x) => [x.name, x]));
    const securityGroups: Record<string, aws.ec2.SecurityGroup> = {};
    const storage = efsStorage(this, name, args.services, net, tags);

    for (const s of connectionOrder(args.services)) {
      if (s.job?.run === "once") continue; // runs inside the tasks of the services in its `before`
      // once jobs run first in this service's tasks: the service's container waits for their exit 0
      const hosted = s.job ? [] : jobsBefore(args.services, s.name);
      const members = [s, ...hosted];
      const logGroup = new aws.cloudwatch.LogGroup(
        `${name}-${s.name}`,
        { name: `/crossarch/${prefix}/${s.name}`, retentionInDays: args.logRetentionDays ?? 30, tags },
        p,
      );
      // each secret env value in Secrets Manager, readable by this task's execution role only
      const secrets = members.flatMap((m) =>
        Object.entries(m.secretEnv ?? {}).map(([env, value]) => {
          const resourceName = `${name}-${s.name}-${m === s ? "" : `${m.name}-`}${env.toLowerCase().replace(/_/g, "-")}`;
          const secret = new aws.secretsmanager.Secret(
            resourceName,
            { namePrefix: `crossarch/${prefix}/${m.name}/${env}-`, description: `${env} of ${m.name}`, tags },
            p,
          );
          new aws.secretsmanager.SecretVersion(resourceName, { secretId: secret.id, secretString: pulumi.secret(value) }, p);
          return { member: m.name, env, arn: secret.arn };
        }),
      );
      const executionRole = new aws.iam.Role(`${name}-${s.name}-exec`, { assumeRolePolicy: ASSUME_ECS_TASKS, tags }, p);
      new aws.iam.RolePolicy(
        `${name}-${s.name}-exec`,
        {
          role: executionRole.name,
          policy: pulumi.jsonStringify({
            Version: "2012-10-17",
            Statement: [
              { Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
              {
                Effect: "Allow",
                Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
                Resource: args.repositoryArns && args.repositoryArns.length > 0 ? args.repositoryArns : "*",
              },
              { Effect: "Allow", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: pulumi.interpolate`${logGroup.arn}:*` },
              ...(secrets.length > 0
                ? [{ Effect: "Allow", Action: ["secretsmanager:GetSecretValue"], Resource: secrets.map((x) => x.arn) }]
                : []),
            ],
          }),
        },
        p,
      );
      const taskRole = new aws.iam.Role(
        `${name}-${s.name}-task`,
        { assumeRolePolicy: ASSUME_ECS_TASKS, description: `${s.name}: only what its volumes need`, tags },
        p,
      );
      const mounts = storage && efsPolicy(s, storage);
      if (mounts) new aws.iam.RolePolicy(`${name}-${s.name}-task`, { role: taskRole.name, policy: mounts }, p);
      const definitions = pulumi
        .all([
          logGroup.name,
          args.region,
          pulumi.all(members.map((m) => m.image.ref)),
          pulumi.all(members.map((m) => pulumi.output(withConnections(m, byName)))),
          pulumi.all(secrets.map((x) => x.arn)),
        ])
        .apply(([group, region, images, envs, arns]) => {
          const arnsOf = (m: TargetService) =>
            Object.fromEntries(secrets.flatMap((x, i) => (x.member === m.name ? [[x.env, arns[i]]] : [])));
          const jobs = hosted.map((j, i) => ({
            ...containerDefinition({ ...j, env: envs[i + 1] }, images[i + 1], group, region, arnsOf(j)),
            essential: false,
          }));
          const timeouts = hosted.flatMap((j) => (j.job?.timeoutSeconds !== undefined ? [j.job.timeoutSeconds] : []));
          const main = {
            ...containerDefinition({ ...s, env: envs[0] }, images[0], group, region, arnsOf(s)),
            ...(hosted.length > 0 && { dependsOn: hosted.map((j) => ({ containerName: j.name, condition: "SUCCESS" })) }),
            ...(timeouts.length > 0 && { startTimeout: Math.max(...timeouts) }),
          };
          return JSON.stringify([main, ...jobs]);
        });
      const task = new aws.ecs.TaskDefinition(
        `${name}-${s.name}`,
        {
          family: `${prefix}-${s.name}`,
          requiresCompatibilities: ["FARGATE"],
          networkMode: "awsvpc",
          cpu: String(fargateCpuUnits(s.size.cpu)),
          memory: String(s.size.memoryMiB),
          runtimePlatform: { cpuArchitecture: ecsCpuArchitecture(arch), operatingSystemFamily: "LINUX" },
          ...((s.volumes ?? []).length > 0 && { volumes: taskVolumes(s, storage) }),
          executionRoleArn: executionRole.arn,
          taskRoleArn: taskRole.arn,
          containerDefinitions: (members.some((m) => m.secret) ? pulumi.secret(definitions) : definitions) as pulumi.Output<string>,
          // a scheduled job's task is checked by its exit code, not a health check
          tags: { ...tags, ...imageTags(s), ...(s.job && { job: "scheduled" }) },
        },
        p,
      );
      this.taskDefinitions[s.name] = task;
      if (s.job?.schedule) {
        this.schedules[s.name] = jobSchedule(this, this.cluster, name, s, task, [executionRole, taskRole], net, tags);
        continue;
      }

      const main = mainPort(s);
      const lb = s.public && main ? publicLoadBalancer(this, name, s, net, args, main.port) : undefined;
      // ingress only from the load balancer and from the services that connect to this one
      const taskSg = new aws.ec2.SecurityGroup(`${name}-${s.name}-task`, { vpcId: net.vpcId, description: `${s.name} tasks`, tags }, p);
      securityGroups[s.name] = taskSg;
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-${s.name}-out`,
        {
          securityGroupId: taskSg.id,
          ipProtocol: "-1",
          cidrIpv4: "0.0.0.0/0",
          description: "image pulls and logs through the NAT gateway",
          tags,
        },
        p,
      );
      if (lb && main)
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-${s.name}-from-alb`,
          {
            securityGroupId: taskSg.id,
            referencedSecurityGroupId: lb.securityGroupId,
            ipProtocol: "tcp",
            fromPort: main.port,
            toPort: main.port,
            description: "its load balancer",
            tags,
          },
          p,
        );
      if (storage && persistentVolumes(s).length > 0)
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-${s.name}-to-efs`,
          {
            securityGroupId: storage.securityGroupId,
            referencedSecurityGroupId: taskSg.id,
            ipProtocol: "tcp",
            fromPort: 2049,
            toPort: 2049,
            description: `${s.name} mounts its volumes`,
            tags,
          },
          p,
        );
      const reaches = [...new Set(members.flatMap((m) => m.connects ?? []))];
      for (const server of reaches) {
        for (const port of portsOf(byName.get(server) as TargetService)) {
          new aws.vpc.SecurityGroupIngressRule(
            `${name}-${s.name}-to-${server}-${port.port}`,
            {
              securityGroupId: securityGroups[server].id,
              referencedSecurityGroupId: taskSg.id,
              ipProtocol: "tcp",
              fromPort: port.port,
              toPort: port.port,
              description: `${s.name} connects to ${server}`,
              tags,
            },
            p,
          );
        }
      }
      this.services[s.name] = new aws.ecs.Service(
        `${name}-${s.name}`,
        {
          cluster: this.cluster.arn,
          taskDefinition: task.arn,
          desiredCount: s.replicas,
          launchType: "FARGATE",
          platformVersion: "LATEST",
          networkConfiguration: { subnets: net.privateSubnetIds, securityGroups: [taskSg.id], assignPublicIp: false },
          ...(lb && {
            loadBalancers: [{ targetGroupArn: lb.targetGroupArn, containerName: s.name, containerPort: (main as { port: number }).port }],
            healthCheckGracePeriodSeconds: s.health.startPeriodSeconds,
          }),
          ...(namespace &&
            connected.has(s.name) && {
              serviceConnectConfiguration: {
                enabled: true,
                namespace: namespace.arn,
                // a service others connect to publishes each port under its name
                services: args.services.some((x) => x.connects?.includes(s.name))
                  ? portsOf(s).map((port) => ({
                      portName: port.name,
                      discoveryName: `${s.name}-${port.name}`,
                      clientAlias: [{ port: port.port, dnsName: s.name }],
                    }))
                  : [],
              },
            }),
          deploymentCircuitBreaker: { enable: true, rollback: true },
          deploymentMinimumHealthyPercent: 100,
          deploymentMaximumPercent: 200,
          propagateTags: "SERVICE",
          enableEcsManagedTags: true,
          waitForSteadyState: true,
          tags,
        },
        {
          parent: this,
          // a task sees the Service Connect endpoints that exist when it starts: servers first
          dependsOn: [
            ...(lb ? lb.listeners : []),
            ...reaches.map((c) => this.services[c]),
            ...(storage && persistentVolumes(s).length > 0 ? storage.mountTargets : []),
          ],
        },
      );
      if (lb) this.urls[s.name] = lb.url;
    }
    this.registerOutputs({ urls: this.urls });
  }
}

/** A service's env with its connections: Service Connect names each server by its service name. */
function withConnections(s: TargetService, byName: Map<string, TargetService>): Record<string, pulumi.Input<string>> {
  const env: Record<string, pulumi.Input<string>> = { ...s.env };
  for (const server of s.connects ?? [])
    Object.assign(
      env,
      connectionEnv(server, portsOf(byName.get(server) as TargetService), (p) => ({ host: server, port: p.port, scheme: p.protocol })),
    );
  return env;
}
