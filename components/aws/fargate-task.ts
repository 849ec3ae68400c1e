/**
 * What a Fargate service runs as, in the steps `FargateTarget` takes for it: its CloudWatch log
 * group, its secret env values in Secrets Manager, a least-privilege execution role and a task
 * role, and its task definition (the service's container, and the once jobs it hosts first).
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { ecsCpuArchitecture } from "../model/arch";
import { fargateCpuUnits } from "./sizing";
import { containerDefinition } from "./task";
import { imageTags, type TargetService } from "../model/service";
import { connectionEnv } from "../model/connections";
import { portsOf } from "../model/ports";
import { efsPolicy, taskVolumes } from "./storage";
import type { FargateScope } from "./fargate-scope";

/** A secret env value of one container of a task, in Secrets Manager. */
export interface TaskSecret {
  member: string;
  env: string;
  arn: pulumi.Output<string>;
}

/** The roles of a service's task. */
export interface TaskRoles {
  execution: aws.iam.Role;
  task: aws.iam.Role;
}

const ASSUME_ECS_TASKS = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

/** The service's CloudWatch log group. */
export function logs(t: FargateScope, s: TargetService): aws.cloudwatch.LogGroup {
  return new aws.cloudwatch.LogGroup(
    `${t.name}-${s.name}`,
    { name: `/crossarch/${t.prefix}/${s.name}`, retentionInDays: t.args.logRetentionDays ?? 30, tags: t.tags },
    { parent: t.parent },
  );
}

/** Each secret env value of the task's containers in Secrets Manager, readable by this task's execution role only. */
export function secrets(t: FargateScope, s: TargetService, members: TargetService[]): TaskSecret[] {
  const p = { parent: t.parent };
  return members.flatMap((m) =>
    Object.entries(m.secretEnv ?? {}).map(([env, value]) => {
      const resourceName = `${t.name}-${s.name}-${m === s ? "" : `${m.name}-`}${env.toLowerCase().replace(/_/g, "-")}`;
      const secret = new aws.secretsmanager.Secret(
        resourceName,
        { namePrefix: `crossarch/${t.prefix}/${m.name}/${env}-`, description: `${env} of ${m.name}`, tags: t.tags },
        p,
      );
      new aws.secretsmanager.SecretVersion(resourceName, { secretId: secret.id, secretString: pulumi.secret(value) }, p);
      return { member: m.name, env, arn: secret.arn };
    }),
  );
}

/** The execution role (pull its images, write its logs, read its secrets) and the task role (only what its volumes need). */
export function roles(t: FargateScope, s: TargetService, logGroup: aws.cloudwatch.LogGroup, secrets: TaskSecret[]): TaskRoles {
  const p = { parent: t.parent };
  const tags = t.tags;
  const repositoryArns = t.args.repositoryArns;
  const executionRole = new aws.iam.Role(`${t.name}-${s.name}-exec`, { assumeRolePolicy: ASSUME_ECS_TASKS, tags }, p);
  new aws.iam.RolePolicy(
    `${t.name}-${s.name}-exec`,
    {
      role: executionRole.name,
      policy: pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
          {
            Effect: "Allow",
            Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
            Resource: repositoryArns && repositoryArns.length > 0 ? repositoryArns : "*",
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
    `${t.name}-${s.name}-task`,
    { assumeRolePolicy: ASSUME_ECS_TASKS, description: `${s.name}: only what its volumes need`, tags },
    p,
  );
  const mounts = t.storage && efsPolicy(s, t.storage);
  if (mounts) new aws.iam.RolePolicy(`${t.name}-${s.name}-task`, { role: taskRole.name, policy: mounts }, p);
  return { execution: executionRole, task: taskRole };
}

/** The task definition: the service's container, after the once jobs it hosts (each must exit 0 first). */
export function taskDefinition(
  t: FargateScope,
  s: TargetService,
  hosted: TargetService[],
  logGroup: aws.cloudwatch.LogGroup,
  secrets: TaskSecret[],
  roles: TaskRoles,
): aws.ecs.TaskDefinition {
  const members = [s, ...hosted];
  const definitions = containerDefinitions(t, s, hosted, logGroup, secrets);
  return new aws.ecs.TaskDefinition(
    `${t.name}-${s.name}`,
    {
      family: `${t.prefix}-${s.name}`,
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: String(fargateCpuUnits(s.size.cpu)),
      memory: String(s.size.memoryMiB),
      runtimePlatform: { cpuArchitecture: ecsCpuArchitecture(t.arch), operatingSystemFamily: "LINUX" },
      ...((s.volumes ?? []).length > 0 && { volumes: taskVolumes(s, t.storage) }),
      executionRoleArn: roles.execution.arn,
      taskRoleArn: roles.task.arn,
      containerDefinitions: (members.some((m) => m.secret) ? pulumi.secret(definitions) : definitions) as pulumi.Output<string>,
      // a scheduled job's task is checked by its exit code, not a health check
      tags: { ...t.tags, ...imageTags(s), ...(s.job && { job: "scheduled" }) },
    },
    { parent: t.parent },
  );
}

/** The task's `containerDefinitions` JSON: the service's container waits for its hosted jobs' exit 0. */
function containerDefinitions(
  t: FargateScope,
  s: TargetService,
  hosted: TargetService[],
  logGroup: aws.cloudwatch.LogGroup,
  secrets: TaskSecret[],
): pulumi.Output<string> {
  const members = [s, ...hosted];
  return pulumi
    .all([
      logGroup.name,
      t.args.region,
      pulumi.all(members.map((m) => m.image.ref)),
      pulumi.all(members.map((m) => pulumi.output(withConnections(m, t.byName)))),
      pulumi.all(secrets.map((x) => x.arn)),
    ])
    .apply(([group, region, images, envs, arns]) => {
      const arnsOf = (m: TargetService) => Object.fromEntries(secrets.flatMap((x, i) => (x.member === m.name ? [[x.env, arns[i]]] : [])));
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
