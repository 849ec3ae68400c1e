/**
 * The `oci` kind: OCI Container Instances on Ampere A1 (arm64) or AMD shapes, one module of
 * facts the model, the stack config, the plan and the importer read. Its components load on deploy.
 */
import { archOfOciShape } from "../model/arch";
import { HOURS_PER_MONTH } from "../model/costs";
import { probeCheckText } from "../model/health";
import type { KindDeployer, PlannedService, TargetKindModule } from "../model/kind";
import { formatPath, under, type Problem } from "../model/problems";
import { rate, strict } from "../model/schema-parts";
import { dataAtRisk } from "../model/volumes";
import { ociSchema, type OciTargetConfig } from "./schema";
import { validateOciContainersFit, validateOciInstance } from "./sizing";

/** Ampere A1 prices (USD; Container Instances bill at the shape's rate). */
export interface OciPrices {
  ocpuHour: number;
  gbHour: number;
}

const shareNetwork = (port: number, owner: string, target: string) =>
  `${port} is already used by service ${owner} on target ${target}: containers of one OCI instance share a network namespace`;

/** One service per port on the instance, one replica each, and containers that fit the instance. */
function checkInstance(name: string, t: OciTargetConfig, services: readonly PlannedService[]): Problem[] {
  const problems: Problem[] = [];
  const instance = { shape: t.shape, ocpus: t.ocpus, memoryMiB: t.memory };
  const shapeProblems = under(["targets", name], validateOciInstance(instance));
  problems.push(...shapeProblems);
  const ports = new Map<number, string>();
  for (const s of services) {
    for (const [j, p] of s.ports.slice(1).entries()) {
      const owner = ports.get(p.port);
      if (owner !== undefined)
        problems.push({ path: [...s.at.service, "ports", j + 1, "port"], message: shareNetwork(p.port, owner, name) });
      else ports.set(p.port, s.name);
    }
    if (s.replicas !== 1)
      problems.push({
        path: s.at.replicas,
        message: `${s.replicas}: an OCI container instance runs each service once (target ${name}); set ${formatPath(s.at.service)}.overrides.${name}.replicas to 1`,
      });
    const port = s.port ?? s.health.port;
    const owner = port === undefined ? undefined : ports.get(port);
    if (port !== undefined && owner !== undefined) problems.push({ path: s.at.ports, message: shareNetwork(port, owner, name) });
    else if (port !== undefined) ports.set(port, s.name);
  }
  if (shapeProblems.length === 0) {
    const running = services.filter((s) => !s.job); // a job gets an instance of its own
    for (const p of validateOciContainersFit(
      instance,
      running.map((s) => ({ name: s.name, size: s.size })),
    )) {
      // one container too big: point at its size; the sum too big: point at the instance
      const container = p.path[0] === "containers" ? running[Number(p.path[1])] : undefined;
      problems.push({ path: container ? container.at.cpu : ["targets", name], message: p.message });
    }
  }
  return problems;
}

export const ociKind: TargetKindModule<"oci", OciTargetConfig, OciPrices> = {
  kind: "oci",
  title: "OCI Container Instance",
  arches: ["amd64", "arm64"],
  schema: ociSchema,
  archesOf: (t) => [archOfOciShape(t.shape) ?? "arm64"],
  runsEachArch: false,
  readOnlyRootDefault: true,
  serviceNamesResolve: false,
  // OCI containers have no grid of their own: they must fit inside the instance (checkTarget)
  validateSize: (size) =>
    size.cpu > 0 ? [] : [{ path: ["cpu"], message: `${size.cpu} vCPU: an OCI container needs a positive vcpusLimit` }],
  health: {
    intervalSeconds: [1, 600],
    timeoutSeconds: [1, 600],
    retries: [1, 10],
    startPeriodSeconds: [1, 600],
    needsCommand: false,
    runsCommand: false,
    // OCI publishes no ranges for these fields (API reference: ContainerHealthCheck). These
    // limits are crossarch's own, chosen to catch typos; messages say so.
    source: "crossarch's own limits (OCI publishes no ranges for container healthChecks)",
    ownLimits: true,
  },
  volumeSizeIgnored: { persistent: "OCI File Storage grows as needed and takes no size", scratch: "an OCI EMPTYDIR volume has no size" },
  support(s, ctx, refuse) {
    if (s.health.command)
      refuse(["health", "command"], "OCI container health checks are HTTP or TCP only; give the command only to targets that run it");
    if (s.health.readinessPath !== undefined)
      refuse(
        ["health", "readinessPath"],
        "an OCI container instance has no readiness gate (no load balancer in front); only health.path runs",
      );
    if (s.public && ctx.config?.assignPublicIp === false)
      refuse(["public"], "the instance has no public IP, so nothing outside reaches the service; give the target assignPublicIp: true");
    return [];
  },
  jobs(job, _ctx, refuse) {
    if (job.run !== "once") refuse(["schedule"], "OCI has no scheduler that runs a container instance to completion");
    if (job.run === "once" && (job.before?.length ?? 0) > 0)
      refuse(["before"], "containers of one instance start together, and another instance's completion cannot be awaited");
    if (job.timeoutSeconds !== undefined) refuse(["timeoutSeconds"], "an OCI container has no run-time limit");
    if ((job.retries ?? 0) > 0) refuse(["retries"], "an OCI instance restarts never, or on every failure without a count");
    return [];
  },
  checkTarget(name, t, services) {
    const problems = checkInstance(name, t, services);
    const m = /([A-Z]+-[A-Z]+-\d+)-AD-\d+$/.exec(t.availabilityDomain);
    if (m && m[1].toLowerCase() !== t.region)
      problems.unshift({
        path: ["targets", name, "availabilityDomain"],
        message: `${t.availabilityDomain} is in ${m[1].toLowerCase()}, not in the target's region ${t.region}`,
      });
    return problems;
  },
  prices: {
    key: "ociA1",
    table: { ocpuHour: 0.01, gbHour: 0.0015 },
    source: "OCI Ampere A1 (Container Instances bill at the shape's rate): oracle.com compute pricing",
    overrides: strict({ ocpuHour: rate.optional(), gbHour: rate.optional() }),
    merge: (t, o) => ({ ...t, ...(o as Partial<OciPrices> | undefined) }),
  },
  cost(name, t, services, p) {
    if (services.every((s) => s.job)) return [];
    const gb = t.memory / 1024;
    return [
      {
        target: name,
        kind: "oci",
        arch: archOfOciShape(t.shape) ?? "arm64",
        basis: `${t.shape} ${t.ocpus} OCPU, ${gb} GB (the instance, whatever its containers use)`,
        usdPerMonth: HOURS_PER_MONTH * (t.ocpus * p.ocpuHour + gb * p.gbHour),
      },
    ];
  },
  describeChecks: (s) => [probeCheckText(s.health)],
  replacementNote(name, services) {
    const risky = services.flatMap((s) => {
      const why = dataAtRisk(s);
      return why ? [`${s.name} (${why})`] : [];
    });
    return (
      `**Replacements on ${name}** (OCI): any change to any container replaces the instance, so ${services.map((s) => s.name).join(", ")} restart together. ` +
      (risky.length > 0
        ? `Data written outside persistent volumes is lost then: ${risky.join("; ")}.`
        : "Every service keeps its data in persistent volumes or writes none.")
    );
  },
  docs: {
    support: {
      "`health.path`": "HTTP check",
      "`health.readinessPath`": "refused (no readiness gate)",
      "`health.command`": "refused (HTTP/TCP only)",
      "neither path nor command": "TCP check",
      "`health.port` (not the main port)": "checks it",
      "`user`": "`runAsUser`/`runAsGroup`",
      "`readOnlyRootFilesystem: true`": "yes",
      "`public` with a `tcp` main port": "yes",
      "`public`": "needs `assignPublicIp: true`, else refused",
      "`replicas` > 1": "refused (one container per instance)",
      "`volumes[].size`": "refused (File Storage grows; EMPTYDIR has no size)",
    },
    jobs: {
      "`schedule`": "refused: OCI has nothing that runs an instance to completion on a schedule",
      "`run: once` + `before`": "refused: containers of one instance start together",
      "`run: once` alone": "an instance that never restarts (`NEVER`), reaching the services at the main instance's private address",
      "`timeoutSeconds`": "refused",
      "`retries`": "refused",
    },
  },
  load: async () => (await import("./deploy")).ociDeployer as KindDeployer<OciTargetConfig>,
};
