/**
 * The `aca` kind: Azure Container Apps, linux/amd64 only, one module of facts the model, the
 * stack config, the plan and the importer read. Its components load on deploy.
 */
import { alwaysOn, HOURS_PER_MONTH, scheduledJobCosts } from "../model/costs";
import { probeCheckText } from "../model/health";
import type { KindDeployer, TargetKindModule } from "../model/kind";
import { mainPort } from "../model/ports";
import { rate, strict } from "../model/schema-parts";
import { acaSchema, type AcaTargetConfig } from "./schema";
import { ACA_CPUS, acaMemoryFor, validateAcaSize } from "./sizing";

/** Container App names: at most 32 characters; Pulumi names an app `<target>-<service>` plus an 8-character suffix. */
const ACA_APP_NAME_MAX = 32;

/** Container Apps' Consumption prices (USD, active) and the monthly free grant. */
export interface AcaPrices {
  vcpuSecond: number;
  gibSecond: number;
  freeVcpuSeconds: number;
  freeGibSeconds: number;
}

export const acaKind: TargetKindModule<"aca", AcaTargetConfig, AcaPrices> = {
  kind: "aca",
  title: "Azure Container Apps",
  arches: ["amd64"],
  schema: acaSchema,
  archesOf: () => ["amd64"],
  runsEachArch: false,
  readOnlyRootDefault: false,
  serviceNamesResolve: false,
  validateSize: (size) => validateAcaSize(size),
  health: {
    intervalSeconds: [1, 240],
    timeoutSeconds: [1, 240],
    retries: [1, 10],
    startPeriodSeconds: [1, 60],
    needsCommand: false,
    runsCommand: false,
    source: "Container Apps probes: periodSeconds, timeoutSeconds, failureThreshold, initialDelaySeconds",
  },
  volumeSizeIgnored: { scratch: "a Container Apps EmptyDir volume has no size" },
  support(s, ctx, refuse) {
    const problems = (s.volumes ?? []).flatMap((v, j) =>
      v.persistent && v.sizeMiB !== undefined && v.sizeMiB % 1024 !== 0
        ? [
            {
              path: ["volumes", j, "size"],
              message: `${v.sizeMiB}Mi is not a whole number of GiB: an Azure Files share quota on target ${ctx.target} is set in GiB`,
            },
          ]
        : [],
    );
    if (s.health.command)
      refuse(["health", "command"], "Container Apps probes are HTTP or TCP only; give the command only to targets that run it");
    if (s.user !== undefined) refuse(["user"], "Container Apps has no setting for the user a container runs as (the image's USER applies)");
    if (s.readOnlyRootFilesystem)
      refuse(["readOnlyRootFilesystem"], "Container Apps cannot mount a container's root filesystem read-only; set it to false there");
    if (s.public && mainPort(s)?.protocol === "tcp")
      refuse(
        ["public"],
        "external TCP ingress needs a VNet-integrated environment, which AcaTarget does not create; TCP ports are internal",
      );
    return problems;
  },
  jobs(job, _ctx, refuse) {
    const once = job.run === "once";
    if (once && (job.before?.length ?? 0) === 0)
      refuse(["run"], "nothing starts a Container Apps job at deploy; give before: [<service>] to run it as their init container");
    if (once && job.timeoutSeconds !== undefined) refuse(["timeoutSeconds"], "an init container has no time limit");
    if (once && (job.retries ?? 0) > 0) refuse(["retries"], "an init container that fails stops its revision; it is not retried");
    return [];
  },
  checkService(target, s) {
    const length = `${target}-${s.name}`.length + 8;
    return length > ACA_APP_NAME_MAX
      ? [
          {
            path: [...s.at.service, "name"],
            message: `makes the Container App name ${target}-${s.name} plus Pulumi's 8-character suffix, ${length} characters; Container Apps allow ${ACA_APP_NAME_MAX}: shorten the service or the target name`,
          },
        ]
      : [];
  },
  prices: {
    key: "aca",
    table: { vcpuSecond: 0.000024, gibSecond: 0.000003, freeVcpuSeconds: 180_000, freeGibSeconds: 360_000 },
    source: "Azure Container Apps Consumption (active): Microsoft pricing; monthly free grant 180,000 vCPU-s and 360,000 GiB-s",
    overrides: strict({
      vcpuSecond: rate.optional(),
      gibSecond: rate.optional(),
      freeVcpuSeconds: rate.optional(),
      freeGibSeconds: rate.optional(),
    }),
    merge: (t, o) => ({ ...t, ...(o as Partial<AcaPrices> | undefined) }),
  },
  cost(name, _t, services, p) {
    const jobs = scheduledJobCosts(
      name,
      "aca",
      services,
      (seconds, vcpu, gib) => seconds * (vcpu * p.vcpuSecond + gib * p.gibSecond),
      " (before any free grant)",
    );
    if (services.every((s) => s.job)) return jobs;
    const { vcpu, gib } = alwaysOn(services);
    const seconds = HOURS_PER_MONTH * 3600;
    const vcpuS = Math.max(0, vcpu * seconds - p.freeVcpuSeconds);
    const gibS = Math.max(0, gib * seconds - p.freeGibSeconds);
    return [
      ...jobs,
      {
        target: name,
        kind: "aca",
        arch: "amd64",
        basis: `${vcpu} vCPU, ${gib} GiB active, after the monthly free grant`,
        usdPerMonth: vcpuS * p.vcpuSecond + gibS * p.gibSecond,
      },
    ];
  },
  describeChecks: (s) => [probeCheckText(s.health)],
  importer: {
    target: (o) => ({ name: "azure", config: { kind: "aca", location: o.location ?? "westeurope" } }),
    fitSize(cpu = 0, memoryMiB = 0) {
      const c = ACA_CPUS.find((x) => x >= cpu && acaMemoryFor(x) >= memoryMiB);
      return c === undefined ? undefined : { cpu: c, memoryMiB: acaMemoryFor(c) };
    },
  },
  docs: {
    support: {
      "`health.path`": "HTTP probes",
      "`health.readinessPath`": "readiness probe",
      "`health.command`": "refused (probes are HTTP/TCP)",
      "neither path nor command": "TCP probes",
      "`health.port` (not the main port)": "probes it",
      "`user`": "refused",
      "`readOnlyRootFilesystem: true`": "refused",
      "`public` with a `tcp` main port": "refused (external TCP needs a VNet environment)",
      "`public`": "external ingress",
      "`replicas` > 1": "yes",
      "`volumes[].size`": "persistent: the share quota (whole GiB); scratch: refused",
    },
    jobs: {
      "`schedule`": "a Container Apps Job with a Schedule trigger (`replicaTimeout`, `replicaRetryLimit`)",
      "`run: once` + `before`": "an init container of each app in `before`: the revision starts only after it exits 0",
      "`run: once` alone": "refused: nothing starts a job at deploy",
      "`timeoutSeconds`": "schedule: `replicaTimeout`; once: refused",
      "`retries`": "schedule: `replicaRetryLimit`; once: refused",
    },
  },
  load: async () => (await import("./deploy")).acaDeployer as KindDeployer<AcaTargetConfig>,
};
