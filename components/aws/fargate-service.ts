/**
 * How a Fargate service is reached and run, in the steps `FargateTarget` takes for it: its task
 * security group (ingress only from its load balancer and the services that connect to it, on
 * their ports) and its ECS service (circuit breaker and rollback, private subnets, Service Connect).
 */
import * as aws from "./sdk";
import type { TargetService } from "../model/service";
import { portsOf, type ServicePort } from "../model/ports";
import { persistentVolumes } from "../model/volumes";
import type { publicLoadBalancer } from "./alb";
import type { FargateScope } from "./fargate-scope";

/** How a service is reached and what it reaches. */
export interface Reach {
  /** Its main port, if it has one. */
  main: ServicePort | undefined;
  /** A public service's load balancer. */
  lb: ReturnType<typeof publicLoadBalancer> | undefined;
  /** The servers its task's containers connect to. */
  reaches: string[];
}

/**
 * The task's security group: egress to anywhere, ingress only from the load balancer and from
 * the services that connect to this one; it also opens the EFS mount targets and the servers
 * this service reaches to it.
 */
export function securityGroups(t: FargateScope, s: TargetService, { lb, main, reaches }: Reach): aws.ec2.SecurityGroup {
  const p = { parent: t.parent };
  const { name, tags } = t;
  // ingress only from the load balancer and from the services that connect to this one
  const taskSg = new aws.ec2.SecurityGroup(`${name}-${s.name}-task`, { vpcId: t.net.vpcId, description: `${s.name} tasks`, tags }, p);
  t.groups[s.name] = taskSg;
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
  admitTo(t, s, taskSg, reaches);
  return taskSg;
}

/** The EFS mount targets (when it mounts a volume) and the servers it reaches admit the service's tasks, on their ports. */
function admitTo(t: FargateScope, s: TargetService, taskSg: aws.ec2.SecurityGroup, reaches: string[]): void {
  const p = { parent: t.parent };
  const { name, tags, storage } = t;
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
  for (const server of reaches) {
    for (const port of portsOf(t.byName.get(server) as TargetService)) {
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-${s.name}-to-${server}-${port.port}`,
        {
          securityGroupId: t.groups[server].id,
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
}

/**
 * The ECS service: in the private subnets, behind its load balancer if it has one, in Service
 * Connect if it connects or is connected to; created after the servers it reaches.
 */
export function service(
  t: FargateScope,
  s: TargetService,
  task: aws.ecs.TaskDefinition,
  taskSg: aws.ec2.SecurityGroup,
  { lb, main, reaches }: Reach,
): aws.ecs.Service {
  const { namespace, connected, storage } = t;
  return new aws.ecs.Service(
    `${t.name}-${s.name}`,
    {
      cluster: t.cluster.arn,
      taskDefinition: task.arn,
      desiredCount: s.replicas,
      launchType: "FARGATE",
      platformVersion: "LATEST",
      networkConfiguration: { subnets: t.net.privateSubnetIds, securityGroups: [taskSg.id], assignPublicIp: false },
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
            services: t.args.services.some((x) => x.connects?.includes(s.name))
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
      tags: t.tags,
    },
    {
      parent: t.parent,
      // a task sees the Service Connect endpoints that exist when it starts: servers first
      dependsOn: [
        ...(lb ? lb.listeners : []),
        ...reaches.map((c) => t.services[c]),
        ...(storage && persistentVolumes(s).length > 0 ? storage.mountTargets : []),
      ],
    },
  );
}
