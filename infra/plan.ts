/**
 * From parsed config to the deployment plan: one entry per service, target and arch, with
 * the size, replicas, health check and environment it gets, and where each value came from
 * (so a check can name the config key to change).
 */
import type { ImagePlan } from "./releases";
import {
  platformOf,
  type Arch,
  type Platform,
  type HealthCheck,
  type PropertyPath,
  profileEnv,
  resolveProfile,
  type ArchProfile,
  budgetUse,
  type Allocation,
  type BudgetUse,
  type ServiceSpec,
  type PlannedService,
  kindOf,
  type ServicePort,
  type ServiceVolume,
  type ServiceJob,
  type Problem,
  envEntries,
  looksSecret,
} from "@crossarch/components/model";
import type { OverrideConfig, ParsedConfig, ServiceConfig, SizeSpec, TargetConfig } from "./config-schema";

/** Where a resolved value came from: the config key, and a note when it is a default. */
export interface Source {
  path: PropertyPath;
  note?: string;
}

/**
 * One service on one target on one arch: the description its target's component takes
 * (`ServiceSpec`, with the configured image reference and the config keys of its secrets, which
 * the program resolves), and where each value came from.
 */
export interface Deployment extends ServiceSpec<string | undefined, string>, PlannedService {
  target: string;
  /** The target's kind (`kindOf(kind)` is its module). */
  kind: string;
  platform: Platform;
  /** Every port, the main one first. */
  ports: ServicePort[];
  /** Services of the same target this one connects to. */
  connects: string[];
  /** The service's env with its arch and target overrides, plus the profile env (`CROSSARCH_*`). */
  env: Record<string, string>;
  /** Env delivered by the platform's secret mechanism: env name -> the `crossarch` config key holding it. */
  secretEnv: Record<string, string>;
  volumes: ServiceVolume[];
  /** Env keys an override set, and which (`services[0].overrides.arm64.env`). */
  envFrom: Record<string, string>;
  sources: {
    cpu: Source;
    memory: Source;
    replicas: Source;
    /** Keys an override set (`health.command` -> `services[0].overrides.aws.health.command`). */
    fields: Record<string, PropertyPath>;
  };
}

/** A target's budget and how the plan uses it. */
export interface BudgetReport {
  target: string;
  use: BudgetUse;
}

/** Everything the program deploys, resolved. */
export interface StackPlan {
  app: string;
  stack: string;
  config: ParsedConfig;
  /**
   * `crossarch:services` holds a value set with `pulumi config set --secret --path`. Pulumi tells
   * a program only which keys hold a secret, not where inside them, so every service's env and
   * entrypoint and args go to resources as secrets.
   */
  servicesHoldSecrets: boolean;
  deployments: Deployment[];
  budgets: BudgetReport[];
  /** Accepted, but worth a word: an external image given by tag. */
  warnings: Problem[];
  /** Every image after variants are expanded, with where it is pushed as a release. */
  images: ImagePlan[];
}

/** The archs a target runs. */
export function targetArches(target: TargetConfig): Arch[] {
  return kindOf(target.kind).archesOf(target);
}

/** The targets a service runs on, by name. */
export function serviceTargets(service: ServiceConfig, config: ParsedConfig): string[] {
  return service.targets ?? Object.keys(config.targets);
}

/** The profile for an arch with the stack's overrides. */
export function stackProfile(config: ParsedConfig, arch: Arch): ArchProfile {
  const o = config.profiles[arch] ?? {};
  return resolveProfile(arch, {
    ...(o.cpu !== undefined && { cpu: o.cpu }),
    ...(o.memory !== undefined && { memoryMiB: o.memory }),
    ...(o.workersPerVcpu !== undefined && { workersPerVcpu: o.workersPerVcpu }),
    ...(o.requestTimeoutSeconds !== undefined && { requestTimeoutSeconds: o.requestTimeoutSeconds }),
    ...(o.shutdownGraceSeconds !== undefined && { shutdownGraceSeconds: o.shutdownGraceSeconds }),
  });
}

type Field = "cpu" | "memory" | "replicas";

/** The first layer that sets `field`: target override, arch override, service, stack profile. */
function pick(config: ParsedConfig, i: number, target: string, arch: Arch, field: Field): { value?: number; source: Source } {
  const svc = config.services[i];
  const layers: [SizeSpec | undefined, PropertyPath][] = [
    [svc.overrides[target], ["services", i, "overrides", target]],
    [svc.overrides[arch], ["services", i, "overrides", arch]],
  ];
  for (const [layer, path] of layers) {
    const value = layer?.[field];
    if (value !== undefined) return { value, source: { path: [...path, field] } };
  }
  if (field === "replicas") return { value: svc.replicas, source: { path: ["services", i, "replicas"] } };
  if (svc.size[field] !== undefined) return { value: svc.size[field], source: { path: ["services", i, "size", field] } };
  if (config.profiles[arch]?.[field] !== undefined) return { source: { path: ["profiles", arch, field] } };
  return { source: { path: ["services", i, "size", field], note: `the built-in ${arch} default` } };
}

/**
 * A deployment's env, least to most specific: the service's `env`, then `overrides.<arch>.env`,
 * then `overrides.<target>.env` (the order sizes follow too); the arch profile's `CROSSARCH_*`
 * come last and cannot be overridden. `from` names the override each overridden key came from.
 * Values `{ secret: <key> }` go to `secrets` (env name -> config key), never to `env`.
 */
export function envOf(
  svc: ServiceConfig,
  i: number,
  target: string,
  arch: Arch,
): { env: Record<string, string>; secrets: Record<string, string>; from: Record<string, string> } {
  const merged: Record<string, string | { secret: string }> = { ...svc.env };
  const from: Record<string, string> = {};
  for (const key of [arch, target]) {
    for (const [name, value] of Object.entries(svc.overrides[key]?.env ?? {})) {
      merged[name] = value;
      from[name] = `services[${i}].overrides.${key}.env`;
    }
  }
  const env: Record<string, string> = {};
  const secrets: Record<string, string> = {};
  for (const [name, value] of Object.entries(merged)) {
    if (typeof value === "string") env[name] = value;
    else secrets[name] = value.secret;
  }
  return { env, secrets, from };
}

/** A service's ports as config gives them (`port` and `protocol`, or `ports`), the first named `main` by default. */
export function portsOfConfig(service: ServiceConfig): ServicePort[] {
  if (service.ports)
    return service.ports.map((p, i) => ({ name: p.name ?? (i === 0 ? "main" : `port-${p.port}`), port: p.port, protocol: p.protocol }));
  return service.port !== undefined ? [{ name: "main", port: service.port, protocol: service.protocol ?? "http" }] : [];
}

/** The overrides that apply on a target and arch, least specific first, with their config paths. */
function overrideLayers(svc: ServiceConfig, i: number, target: string, arch: Arch): [OverrideConfig, PropertyPath][] {
  return [arch, target].flatMap((key): [OverrideConfig, PropertyPath][] =>
    svc.overrides[key] ? [[svc.overrides[key], ["services", i, "overrides", key]]] : [],
  );
}

/**
 * The fields a deployment takes from the service and its overrides: health (merged field by
 * field), user and readOnlyRootFilesystem (the most specific layer that sets them); `fields`
 * names the override each came from. readOnlyRootFilesystem defaults to what the target can do.
 */
export function layeredFields(svc: ServiceConfig, i: number, target: string, arch: Arch, kind: string) {
  const fields: Record<string, PropertyPath> = {};
  let health: ServiceConfig["health"] = { ...svc.health };
  let user = svc.user;
  let readOnly = svc.readOnlyRootFilesystem;
  for (const [layer, path] of overrideLayers(svc, i, target, arch)) {
    for (const [k, v] of Object.entries(layer.health ?? {})) {
      if (v === undefined) continue;
      health = { ...health, [k]: v };
      fields[`health.${k}`] = [...path, "health", k];
    }
    if (layer.user !== undefined) [user, fields.user] = [layer.user, [...path, "user"]];
    if (layer.readOnlyRootFilesystem !== undefined)
      [readOnly, fields.readOnlyRootFilesystem] = [layer.readOnlyRootFilesystem, [...path, "readOnlyRootFilesystem"]];
  }
  return {
    health: healthOf({ ...svc, health }),
    ...(user !== undefined && { user }),
    readOnlyRootFilesystem: readOnly ?? kindOf(kind).readOnlyRootDefault,
    fields,
  };
}

/** The health check a service's config describes. */
export function healthOf(service: ServiceConfig): HealthCheck {
  const h = service.health;
  const port = h.port ?? portsOfConfig(service)[0]?.port;
  return {
    ...(h.path !== undefined && { path: h.path }),
    ...(h.readinessPath !== undefined && { readinessPath: h.readinessPath }),
    ...(port !== undefined && { port }),
    ...(h.command !== undefined && { command: h.command }),
    intervalSeconds: h.intervalSeconds,
    timeoutSeconds: h.timeoutSeconds,
    retries: h.retries,
    startPeriodSeconds: h.startPeriodSeconds,
  };
}

/** How an image's reference came to be pinned, as config says it. */
function pinOf(image: ParsedConfig["images"][string]): "digest" | "tag" | undefined {
  if (image.ref === undefined) return undefined; // built: always by digest
  return image.ref.includes("@sha256:") ? "digest" : "tag";
}

/** Resolve every service x target x arch. Assumes references were checked. */
export function resolveDeployments(config: ParsedConfig, servicesHoldSecrets = false): Deployment[] {
  return config.services.flatMap((svc, i) =>
    serviceTargets(svc, config).flatMap((targetName) => {
      const target = config.targets[targetName];
      return targetArches(target).map((arch): Deployment => {
        const profile = stackProfile(config, arch);
        const cpu = pick(config, i, targetName, arch, "cpu");
        const memory = pick(config, i, targetName, arch, "memory");
        const replicas = pick(config, i, targetName, arch, "replicas");
        const size = { cpu: cpu.value ?? profile.cpu, memoryMiB: memory.value ?? profile.memoryMiB };
        const env = envOf(svc, i, targetName, arch);
        const layered = layeredFields(svc, i, targetName, arch, target.kind);
        const ports = portsOfConfig(svc);
        const image = config.images[svc.image];
        const pin = pinOf(image);
        return {
          name: svc.name,
          index: i,
          image: { name: svc.image, ref: image.ref, platforms: image.platforms ?? [], ...(pin && { pin }) },
          target: targetName,
          kind: target.kind,
          arch,
          platform: platformOf(arch),
          size,
          replicas: replicas.value ?? 1,
          ...(ports[0] && { port: ports[0].port }),
          ports,
          connects: svc.connects,
          public: svc.public,
          ...(svc.entrypoint && { entrypoint: svc.entrypoint }),
          ...(svc.args && { args: svc.args }),
          ...(config.release && { release: true }),
          secret: servicesHoldSecrets,
          health: layered.health,
          ...(layered.user !== undefined && { user: layered.user }),
          readOnlyRootFilesystem: layered.readOnlyRootFilesystem,
          ...(svc.job && { job: svc.job as ServiceJob }),
          volumes: svc.volumes.map((v) => ({
            name: v.name,
            path: v.path,
            persistent: v.persistent,
            ...(v.size !== undefined && { sizeMiB: v.size }),
            retainOnDelete: v.retainOnDelete,
          })),
          // the port the app listens on, as the health check and load balancer use it (the local
          // target gives each replica its own loopback port instead)
          env: { ...env.env, ...(ports[0] && !svc.job && { PORT: String(ports[0].port) }), ...profileEnv(arch, profile, size) },
          secretEnv: env.secrets,
          envFrom: env.from,
          shutdownGraceSeconds: profile.shutdownGraceSeconds,
          at: {
            service: ["services", i],
            cpu: cpu.source.path,
            replicas: replicas.source.path,
            ports: ["services", i, svc.ports ? "ports" : "port"],
          },
          sources: { cpu: cpu.source, memory: memory.source, replicas: replicas.source, fields: layered.fields },
        };
      });
    }),
  );
}

/** A target's allocations: every replica of every long-running service on it (jobs are counted apart). */
export function allocationsOn(deployments: readonly Deployment[], target: string): Allocation[] {
  return deployments
    .filter((d) => d.target === target && !d.job)
    .map((d) => ({ service: kindOf(d.kind).runsEachArch ? `${d.name}/${d.arch}` : d.name, replicas: d.replicas, size: d.size }));
}

/**
 * Env values given as plain text whose names look like secrets ({@link looksSecret}, the rule the
 * compose importer and the policy pack's crossarch-no-plain-secrets use too).
 */
export function plainSecrets(config: ParsedConfig): Problem[] {
  return envEntries(config.services).flatMap(({ path, name, value }): Problem[] =>
    typeof value === "string" && looksSecret(name)
      ? [
          {
            path,
            message: `looks like a secret but is plain text; give it as { secret: <key> } and set it with: pulumi config set --secret crossarch:<key> (the policy pack refuses ${name} as plain env on ECS and Container Apps)`,
          },
        ]
      : [],
  );
}

/** The plan: deployments and budget use. Call after `checkStackConfig` found nothing. */
export function planDeployments(
  config: ParsedConfig,
  ctx: { stack: string; secretKeys?: readonly string[]; images?: ImagePlan[] },
): StackPlan {
  const servicesHoldSecrets = ctx.secretKeys?.includes("crossarch:services") ?? false;
  const deployments = resolveDeployments(config, servicesHoldSecrets);
  const budgets = Object.entries(config.targets).flatMap(([name, t]) =>
    t.budget ? [{ target: name, use: budgetUse({ cpu: t.budget.cpu, memoryMiB: t.budget.memory }, allocationsOn(deployments, name)) }] : [],
  );
  const warnings = Object.entries(config.images).flatMap(([name, image]): Problem[] =>
    image.ref !== undefined && !image.ref.includes("@sha256:")
      ? [
          {
            path: ["images", name, "ref"],
            message: `${image.ref} is given by tag: each preview pins it to the digest the tag names then, so a new push of the tag upstream shows as a diff (and a release stack refuses it); pin it as ${image.ref.replace(/:[^:/]+$/, "")}@sha256:<digest> to change what runs only with a commit`,
          },
        ]
      : [],
  );
  // with a secure value somewhere in services, a plain-looking value may be it: one warning covers them all
  if (!servicesHoldSecrets) warnings.push(...plainSecrets(config));
  else
    warnings.push({
      path: ["services"],
      message:
        "holds a value set with --secret (a secure: value): crossarch cannot tell which, so every service's env, entrypoint and args go to resources as secrets; give the value as { secret: <key> } and set it with pulumi config set --secret crossarch:<key>",
    });
  return { app: config.app, stack: ctx.stack, config, servicesHoldSecrets, deployments, budgets, warnings, images: ctx.images ?? [] };
}
