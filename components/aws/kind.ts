/**
 * The `fargate` kind: ECS Fargate on Graviton (arm64, the default) or x86, one module of facts
 * the model, the stack config, the plan and the importer read. Its components load on deploy.
 */
import { cronProblem, awsCron } from "../model/jobs";
import { scheduledJobCosts, alwaysOn, HOURS_PER_MONTH } from "../model/costs";
import { commandCheckText } from "../model/health";
import { whereOn, type KindDeployer, type TargetKindModule } from "../model/kind";
import { mainPort } from "../model/ports";
import { rate, strict } from "../model/schema-parts";
import { fargateSchema, type FargateTargetConfig } from "./schema";
import { FARGATE_GRID, validateFargateSize } from "./sizing";

/** ALB target-group rules that apply on Fargate when the service takes traffic. */
export const ALB_HEALTH = { intervalSeconds: [5, 300], timeoutSeconds: [2, 120], thresholds: [2, 10] } as const;

/** The most env an ECS container definition may carry: the task definition is capped at 64 KiB. */
const ECS_ENV_BYTES = 48 * 1024;

/** Fargate's on-demand prices per arch (USD, us-east-1). */
export type FargatePrices = Record<"amd64" | "arm64", { vcpuHour: number; gbHour: number }>;

const perArch = strict({ vcpuHour: rate.optional(), gbHour: rate.optional() }).optional();

export const fargateKind: TargetKindModule<"fargate", FargateTargetConfig, FargatePrices> = {
  kind: "fargate",
  title: "AWS Fargate",
  arches: ["amd64", "arm64"],
  schema: fargateSchema,
  archesOf: (t) => [t.arch],
  runsEachArch: false,
  readOnlyRootDefault: true,
  serviceNamesResolve: true,
  validateSize: (size) => validateFargateSize(size),
  health: {
    intervalSeconds: [5, 300],
    timeoutSeconds: [2, 60],
    retries: [1, 10],
    startPeriodSeconds: [0, 300],
    needsCommand: true,
    runsCommand: true,
    source: "ECS container healthCheck: interval, timeout, retries, startPeriod",
  },
  validateHealth(spec, ctx) {
    if (!ctx.behindLoadBalancer) return [];
    const where = whereOn(fargateKind, ctx.target);
    const [minT, maxT] = ALB_HEALTH.thresholds;
    return [
      ...(spec.retries < minT || spec.retries > maxT
        ? [
            {
              path: ["retries"],
              message: `${spec.retries} is out of range for the ALB target group of ${where}; unhealthy threshold allowed: ${minT}-${maxT}`,
            },
          ]
        : []),
      ...(spec.timeoutSeconds >= spec.intervalSeconds
        ? [
            {
              path: ["timeoutSeconds"],
              message: `${spec.timeoutSeconds} must be less than intervalSeconds (${spec.intervalSeconds}) for the ALB target group of ${where}`,
            },
          ]
        : []),
    ];
  },
  volumeSizeIgnored: {
    persistent: "EFS grows as needed and takes no size",
    scratch: "Fargate's task storage is shared by the task, not sized per volume",
  },
  support(s, _ctx, refuse) {
    const h = s.health;
    if (!s.public) {
      const why = "ECS checks HTTP only at a public service's load balancer, and this service is not public; its check is health.command";
      if (h.path !== undefined) refuse(["health", "path"], why);
      if (h.readinessPath !== undefined) refuse(["health", "readinessPath"], why);
    }
    if (s.public && mainPort(s)?.protocol === "tcp")
      refuse(["public"], "the public load balancer is an ALB, which serves HTTP only; make the main port http");
    if (!s.public && h.port !== undefined && h.port !== mainPort(s)?.port)
      refuse(["health", "port"], "no check of a service that is not public uses a port: ECS runs health.command inside the container");
    return [];
  },
  jobs(job, ctx, refuse) {
    const once = job.run === "once";
    const timeout = job.timeoutSeconds !== undefined;
    if (once && (job.before?.length ?? 0) === 0)
      refuse(["run"], "nothing runs an ECS task at deploy and waits for it; give before: [<service>] to run it first in their tasks");
    if (once && timeout && (job.timeoutSeconds ?? 0) > 120)
      refuse(["timeoutSeconds"], "a task's containers wait at most 120 s for the job (startTimeout)");
    if (!once && timeout) refuse(["timeoutSeconds"], "ECS has no run-time limit for a task");
    if ((job.retries ?? 0) > 0) refuse(["retries"], "EventBridge Scheduler retries a failed RunTask call, not a task that exits non-zero");
    if (job.schedule !== undefined && awsCron(job.schedule) === undefined && cronProblem(job.schedule) === undefined)
      refuse(["schedule"], "EventBridge Scheduler's cron cannot restrict both the day of the month and the day of the week");
    if (job.schedule !== undefined && (ctx.connects?.length ?? 0) > 0)
      return [
        {
          path: ["connects"],
          message: `has no effect on ${whereOn(fargateKind, ctx.target)}: a task EventBridge Scheduler runs is not part of Service Connect, so it cannot reach services by name`,
        },
      ];
    return [];
  },
  checkTarget(name, t) {
    if (!t.certificateArn) return [];
    const region = t.certificateArn.split(":")[3];
    return region === t.region
      ? []
      : [
          {
            path: ["targets", name, "certificateArn"],
            message: `is in ${region || "no region"}, but the target's load balancers are in ${t.region}; an ALB takes only a certificate of its own region`,
          },
        ];
  },
  checkService(target, s) {
    const bytes = Object.entries(s.env).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v) + 30, 0);
    return bytes > ECS_ENV_BYTES
      ? [
          {
            path: [...s.at.service, "env"],
            message: `is ${Math.round(bytes / 1024)} KiB on ${whereOn(fargateKind, target)}; an ECS task definition is capped at 64 KiB, so keep env under ${ECS_ENV_BYTES / 1024} KiB (large values belong in a volume or a secret)`,
          },
        ]
      : [];
  },
  prices: {
    key: "fargate",
    table: { amd64: { vcpuHour: 0.04048, gbHour: 0.004445 }, arm64: { vcpuHour: 0.03238, gbHour: 0.00356 } },
    source: "Fargate Linux x86 / ARM, us-east-1: vantage.sh Fargate pricing",
    overrides: strict({ amd64: perArch, arm64: perArch }),
    merge: (t, o) => {
      const over = (o ?? {}) as Partial<Record<"amd64" | "arm64", object>>;
      return { amd64: { ...t.amd64, ...over.amd64 }, arm64: { ...t.arm64, ...over.arm64 } };
    },
  },
  cost(name, t, services, prices) {
    const p = prices[t.arch];
    const jobs = scheduledJobCosts(
      name,
      "fargate",
      services,
      (seconds, vcpu, gib) => (seconds / 3600) * (vcpu * p.vcpuHour + gib * p.gbHour),
    );
    if (services.every((s) => s.job)) return jobs;
    const { vcpu, gib } = alwaysOn(services);
    return [
      ...jobs,
      {
        target: name,
        kind: "fargate",
        arch: t.arch,
        basis: `${vcpu} vCPU, ${gib} GB always on`,
        usdPerMonth: HOURS_PER_MONTH * (vcpu * p.vcpuHour + gib * p.gbHour),
      },
    ];
  },
  describeChecks(s) {
    const h = s.health;
    const command = commandCheckText(h);
    return [...(command !== undefined ? [command] : []), ...(s.public && h.path ? [`ALB HTTP ${h.readinessPath ?? h.path}`] : [])];
  },
  importer: {
    target: (o) => ({ name: "aws", config: { kind: "fargate", region: o.region ?? "us-east-1", arch: "arm64" } }),
    fitSize(cpu = 0, memoryMiB = 0) {
      for (const [units, memories] of [...FARGATE_GRID.entries()].sort((a, b) => a[0] - b[0])) {
        const m = memories.find((x) => x >= memoryMiB);
        if (units / 1024 >= cpu && m !== undefined) return { cpu: units / 1024, memoryMiB: m };
      }
      return undefined;
    },
  },
  docs: {
    support: {
      "`health.path`": "the ALB's check (public services); refused otherwise",
      "`health.readinessPath`": "the ALB's check (public); refused otherwise",
      "`health.command`": "the container check (**required**)",
      "neither path nor command": "refused (needs a command)",
      "`health.port` (not the main port)": "the ALB's (public); refused otherwise",
      "`user`": "`user`",
      "`readOnlyRootFilesystem: true`": "yes",
      "`public` with a `tcp` main port": "refused (the ALB is HTTP)",
      "`public`": "ALB",
      "`replicas` > 1": "yes",
      "`volumes[].size`": "refused (EFS grows; task storage is per task)",
    },
    jobs: {
      "`schedule`":
        "an EventBridge Scheduler schedule (UTC) that runs the job's task in the private subnets, with a role that may run only that task family",
      "`run: once` + `before`":
        "a container of each task in `before` that the service's container waits for (`dependsOn: SUCCESS`); the deploy waits for steady state and the circuit breaker rolls back a failing one",
      "`run: once` alone": "refused: nothing runs a task at deploy and waits for it",
      "`timeoutSeconds`": "once: the waiting container's `startTimeout` (at most 120); schedule: refused",
      "`retries`": "refused (Scheduler retries a failed RunTask call, not a failed task)",
    },
  },
  load: async () => (await import("./deploy")).fargateDeployer as KindDeployer<FargateTargetConfig>,
};
