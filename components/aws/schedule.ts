/**
 * A scheduled job on Fargate: an EventBridge Scheduler schedule (UTC, converted from the 5-field
 * cron) that runs the job's task in the private subnets, with an egress-only security group and
 * a role that may run only that task family and pass only its two roles.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { AwsSubnets } from "./network";
import { awsCron } from "../model/jobs";
import type { TargetService } from "../model/service";

/**
 * A scheduled job: an EventBridge Scheduler schedule (UTC) that runs the job's task in the
 * private subnets, with a role that may run only that task family and pass only its roles.
 */
export function jobSchedule(
  parent: pulumi.Resource,
  cluster: aws.ecs.Cluster,
  name: string,
  s: TargetService,
  task: aws.ecs.TaskDefinition,
  roles: aws.iam.Role[],
  net: AwsSubnets,
  tags: Record<string, string>,
): aws.scheduler.Schedule {
  const p = { parent };
  const sg = new aws.ec2.SecurityGroup(`${name}-${s.name}-task`, { vpcId: net.vpcId, description: `${s.name} job tasks`, tags }, p);
  new aws.vpc.SecurityGroupEgressRule(
    `${name}-${s.name}-out`,
    {
      securityGroupId: sg.id,
      ipProtocol: "-1",
      cidrIpv4: "0.0.0.0/0",
      description: "image pulls and logs through the NAT gateway",
      tags,
    },
    p,
  );
  const role = new aws.iam.Role(
    `${name}-${s.name}-scheduler`,
    {
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "scheduler.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
      tags,
    },
    p,
  );
  new aws.iam.RolePolicy(
    `${name}-${s.name}-scheduler`,
    {
      role: role.name,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["ecs:RunTask"], Resource: [pulumi.interpolate`${task.arnWithoutRevision}:*`] },
          { Effect: "Allow", Action: ["iam:PassRole"], Resource: roles.map((r) => r.arn) },
        ],
      }),
    },
    p,
  );
  return new aws.scheduler.Schedule(
    `${name}-${s.name}`,
    {
      scheduleExpression: awsCron(s.job?.schedule ?? "") ?? "",
      scheduleExpressionTimezone: "UTC",
      flexibleTimeWindow: { mode: "OFF" },
      target: {
        arn: cluster.arn,
        roleArn: role.arn,
        ecsParameters: {
          taskDefinitionArn: task.arn,
          launchType: "FARGATE",
          platformVersion: "LATEST",
          taskCount: 1,
          networkConfiguration: { subnets: net.privateSubnetIds, securityGroups: [sg.id], assignPublicIp: false },
        },
        retryPolicy: { maximumRetryAttempts: 0 },
      },
    },
    p,
  );
}
