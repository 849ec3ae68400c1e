/** ECS baselines on task definitions and services (AWS FSBP ECS.2/4/5/9/20). */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES, ecsContainers, isRootUser, type EcsContainer } from "./resources";

/** A policy over every container of every ECS task definition. */
function containerPolicy(
  name: string,
  description: string,
  enforcementLevel: "mandatory" | "advisory",
  check: (c: EcsContainer) => string | undefined,
): ResourceValidationPolicy {
  return {
    name,
    description,
    enforcementLevel,
    validateResource: (args, report) => {
      if (args.type !== TYPES.taskDefinition) args.notApplicable("not an ECS task definition");
      for (const c of ecsContainers(args.props)) {
        const problem = check(c);
        if (problem) report(`container ${c.name ?? "?"} ${problem}`);
      }
    },
  };
}

export const ecsNonRoot = containerPolicy(
  "crossarch-ecs-non-root",
  "ECS containers run as a non-root user (AWS FSBP ECS.20).",
  "mandatory",
  (c) =>
    isRootUser(c.user)
      ? `runs as ${c.user === undefined ? "the image's default user (not declared, root for ECS)" : c.user}; expected a non-root user such as 10001:10001`
      : undefined,
);

export const ecsNotPrivileged = containerPolicy(
  "crossarch-ecs-not-privileged",
  "ECS containers are not privileged (AWS FSBP ECS.4, Checkov CKV_AWS_334).",
  "mandatory",
  (c) => (c.privileged === true ? "is privileged; expected privileged false" : undefined),
);

export const ecsReadOnlyRoot = containerPolicy(
  "crossarch-ecs-read-only-root",
  "ECS containers mount their root filesystem read-only (AWS FSBP ECS.5, Checkov CKV_AWS_336); advisory: some images must write.",
  "advisory",
  (c) => (c.readonlyRootFilesystem !== true ? `has readonlyRootFilesystem ${String(c.readonlyRootFilesystem)}; expected true` : undefined),
);

export const ecsLogging = containerPolicy(
  "crossarch-ecs-logging",
  "ECS containers have a log configuration (AWS FSBP ECS.9).",
  "mandatory",
  (c) => (c.logConfiguration?.logDriver ? undefined : "has no logConfiguration.logDriver"),
);

export const ecsCircuitBreaker: ResourceValidationPolicy = {
  name: "crossarch-ecs-circuit-breaker",
  description: "ECS services deploy with a circuit breaker that rolls back a failing deployment.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.ecsService) args.notApplicable("not an ECS service");
    const controller = (args.props.deploymentController as { type?: string } | undefined)?.type ?? "ECS";
    if (controller !== "ECS") args.notApplicable(`deployments are controlled by ${controller}`);
    const breaker = args.props.deploymentCircuitBreaker as { enable?: boolean; rollback?: boolean } | undefined;
    if (breaker?.enable !== true || breaker.rollback !== true) {
      report(`has deploymentCircuitBreaker ${JSON.stringify(breaker ?? null)}; expected { enable: true, rollback: true }`);
    }
  },
};

export const ecsNoPublicIp: ResourceValidationPolicy = {
  name: "crossarch-ecs-no-public-ip",
  description: "ECS services do not assign public IPs to tasks (AWS FSBP ECS.2, Checkov CKV_AWS_333).",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.ecsService) args.notApplicable("not an ECS service");
    const assign = (args.props.networkConfiguration as { assignPublicIp?: boolean } | undefined)?.assignPublicIp;
    if (assign === true)
      report("assigns public IPs to its tasks; expected networkConfiguration.assignPublicIp false (put a load balancer in front)");
  },
};
