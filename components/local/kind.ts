/**
 * The `local` kind: this machine's Docker engine, both arches side by side (the foreign one
 * under QEMU), one module of facts the model, the stack config, the plan and the importer read.
 * Its components load on deploy.
 */
import type { KindDeployer, TargetKindModule } from "../model/kind";
import { commandCheckText, probeCheckText } from "../model/health";
import { portsOf } from "../model/ports";
import { under } from "../model/problems";
import { localSchema, type LocalTargetConfig } from "./schema";
import { validateLocalSize } from "./sizing";
import { validateLocalPorts } from "./ports";

export const localKind: TargetKindModule<"local", LocalTargetConfig, Record<string, never>> = {
  kind: "local",
  title: "local Docker engine",
  arches: ["amd64", "arm64"],
  schema: localSchema,
  archesOf: (t) => [...new Set(t.arches)],
  runsEachArch: true,
  readOnlyRootDefault: true,
  serviceNamesResolve: false,
  validateSize: (size, options) => validateLocalSize(size, options.hostCpus),
  health: {
    intervalSeconds: [1, 3600],
    timeoutSeconds: [1, 3600],
    retries: [1, 100],
    startPeriodSeconds: [0, 3600],
    needsCommand: false,
    runsCommand: true,
    source: "Docker HEALTHCHECK: interval, timeout, retries, start-period",
  },
  volumeSizeIgnored: { persistent: "a Docker named volume takes no size" },
  support(s, _ctx, refuse) {
    // everything listens on loopback; `public` services are the ones the target lists as URLs
    const ports = portsOf(s);
    const h = s.health;
    if (h.port !== undefined && ports.length > 0 && !ports.some((p) => p.port === h.port))
      refuse(
        ["health", "port"],
        `each declared port gets its own loopback port here, and ${h.port} is not one of the service's ports; add it to ports`,
      );
    return [];
  },
  jobs: () => [],
  // local replicas' ports stay inside the firewalled loopback range and apart
  checkTarget: (name, t, services) =>
    under(
      ["targets", name],
      validateLocalPorts(
        t.basePort,
        services.map((s) => ({ name: s.name, index: s.index, arch: s.arch, replicas: s.replicas, ports: s.ports.length })),
      ),
    ),
  // two would give their containers the same names
  checkStack: (targets) =>
    targets.slice(1).map(([n]) => ({
      path: ["targets", n],
      message: `a second local target (after ${targets[0][0]}): the containers of both would get the same names on this engine; use one local target with arches: [amd64, arm64]`,
    })),
  cost: (name, t, services) =>
    services.every((s) => s.job) ? [] : [{ target: name, kind: "local", arch: t.arches.join("+"), basis: "this machine", usdPerMonth: 0 }],
  // Docker runs the command; this machine probes HTTP, or TCP when there is no command either
  describeChecks(s) {
    const command = commandCheckText(s.health);
    return command === undefined ? [probeCheckText(s.health)] : [command, ...(s.health.path ? [probeCheckText(s.health)] : [])];
  },
  importer: {
    target: (o) => ({
      name: "local",
      config: {
        kind: "local",
        arches: ["amd64", "arm64"],
        registry: { address: "registry.crossarch.test:5443", tls: true, username: "crossarch", passwordSecret: "localRegistryPassword" },
        basePort: o.basePort ?? 18080,
      },
    }),
    stackKeys: { builder: "crossarch" },
    // Docker takes any size: what compose asks, rounded up to what it resolves; the stack's defaults where it asks none
    fitSize: (cpu, memoryMiB, hostCpus) => ({
      cpu: cpu === undefined ? 0.25 : Math.min(Math.max(Math.ceil(cpu * 100) / 100, 0.01), hostCpus),
      memoryMiB: memoryMiB === undefined ? 256 : Math.max(Math.ceil(memoryMiB), 6),
    }),
  },
  docs: {
    support: {
      "`health.path`": "HTTP, from this machine",
      "`health.readinessPath`": "what each rolling step waits for",
      "`health.command`": "Docker `HEALTHCHECK`",
      "neither path nor command": "TCP, from this machine",
      "`health.port` (not the main port)": "refused unless it is a declared port",
      "`user`": "`User`",
      "`readOnlyRootFilesystem: true`": "yes",
      "`public` with a `tcp` main port": "yes",
      "`public`": "listed in `urls`",
      "`replicas` > 1": "yes",
      "`volumes[].size`": "persistent: refused (a named volume has no size); scratch: the tmpfs size",
    },
    jobs: {
      "`schedule`":
        "a cron entry in `/etc/cron.d` (the bootstrap installs and starts cron) that starts the job's container, bounded by the timeout, with the retries",
      "`run: once` + `before`": "run to exit 0 before the services in `before` start; a failure fails `up` with the job's last log lines",
      "`run: once` alone": "run to exit 0 during `up`",
      "`timeoutSeconds`": "enforced",
      "`retries`": "enforced",
    },
  },
  load: async () => (await import("./deploy")).localDeployer as KindDeployer<LocalTargetConfig>,
};
