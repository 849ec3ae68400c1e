/**
 * Rules that relate config keys to each other and to the model: references resolve,
 * every size sits on its target's grid, health checks fit each target's ranges, OCI
 * containers fit their instance, budgets hold. Each problem names the key to change.
 */
import {
  ARCHES,
  isArch,
  archGuard,
  under,
  type Problem,
  PROFILE_ENV_PREFIX,
  validateBudget,
  kindOf,
  validateTagValue,
  serviceEnvEntries,
  secretRefs,
} from "@crossarch/components/model";
import { CONFIG_KEYS, type ParsedConfig } from "./config-schema";
import { allocationsOn, portsOfConfig, resolveDeployments, serviceTargets, type Deployment } from "./plan";
import { checkImages, checkKinds } from "./config-checks-platform";
import { checkConnections, checkHealth, checkJobs, checkPorts, checkSupport } from "./config-checks-services";

/** What the checks need besides the config. */
export interface CheckContext {
  stack: string;
  hostCpus: number;
  /** Every key set in the stack's config (`crossarch:ocirAuthToken`), to check that named secrets exist. */
  setKeys?: readonly string[];
  /** The keys set with `--secret`, to check that a named secret is one. */
  secretKeys?: readonly string[];
  /**
   * Secrets may be set outside what `setKeys` lists (the offline plan reads the tracked stack
   * file; secrets live in each machine's copy): a named secret that is missing is not an error,
   * one set in plain text still is.
   */
  secretsElsewhere?: boolean;
  /** The project directory: build contexts and Dockerfiles must exist inside it. */
  projectRoot?: string;
}

/** Every problem with a parsed config, or none. */
export function checkStackConfig(config: ParsedConfig, ctx: CheckContext): Problem[] {
  const refs = checkReferences(config, ctx);
  if (refs.length > 0) return refs; // sizes and health cannot be resolved through broken references
  const deployments = resolveDeployments(config);
  return [
    ...checkImages(config, ctx),
    ...checkKinds(config, deployments),
    ...checkArches(config, deployments),
    ...checkSizes(deployments, ctx),
    ...checkHealth(deployments),
    ...checkSupport(config, deployments),
    ...checkPorts(deployments),
    ...checkConnections(deployments),
    ...checkJobs(deployments),
    ...checkBudgets(config, deployments),
  ];
}

/** The checks of one service, in the order their problems are reported. */
const SERVICE_CHECKS: readonly ((config: ParsedConfig, i: number) => Problem[])[] = [
  checkUniqueName,
  checkImageAndTargets,
  checkOverrideKeys,
  checkEnvNames,
  checkPortKeys,
  checkJobOrder,
  checkConnects,
  checkHealthGiven,
];

/** Names are unique and every name a key uses points at something declared. */
export function checkReferences(config: ParsedConfig, ctx: CheckContext): Problem[] {
  return [
    ...checkStackName(ctx),
    ...checkTargetNames(config),
    ...checkSecretsSet(config, ctx),
    ...checkSecretNames(config),
    ...config.services.flatMap((_, i) => SERVICE_CHECKS.flatMap((check) => check(config, i))),
  ];
}

/** The stack name becomes a tag value on every resource. */
function checkStackName(ctx: CheckContext): Problem[] {
  return validateTagValue(ctx.stack).map((p) => ({ path: [], message: `stack name ${p.message}` }));
}

/** A target named `amd64` or `arm64` would make `overrides.<name>` ambiguous. */
function checkTargetNames(config: ParsedConfig): Problem[] {
  return Object.keys(config.targets).flatMap((name) =>
    isArch(name)
      ? [
          {
            path: ["targets", name],
            message: `a target cannot be named after an arch (${ARCHES.join(", ")}): overrides would be ambiguous`,
          },
        ]
      : [],
  );
}

/**
 * Every secret an env value or a registry names is set, and set with `--secret` (when the keys
 * set are known). Keys that are settings of crossarch are refused by {@link checkSecretNames}.
 */
function checkSecretsSet(config: ParsedConfig, ctx: CheckContext): Problem[] {
  const setKeys = ctx.setKeys;
  if (setKeys === undefined) return [];
  const named = [
    ...secretRefs(config.services).map((ref) => ({ path: [...ref.path, "secret"], key: ref.key, hint: "" })),
    ...registrySecrets(config).map((r) => ({ path: r.path, key: r.key, hint: " <password>" })),
  ];
  return named.flatMap(({ path: at, key, hint }): Problem[] => {
    const full = `crossarch:${key}`;
    if (CONFIG_KEYS.includes(key)) return [];
    if (!setKeys.includes(full))
      return ctx.secretsElsewhere
        ? []
        : [{ path: at, message: `names ${full}, which is not set; set it with: pulumi config set --secret ${full}${hint}` }];
    if (ctx.secretKeys !== undefined && !ctx.secretKeys.includes(full))
      return [
        { path: at, message: `names ${full}, which is set in plain text; set it again with: pulumi config set --secret ${full}${hint}` },
      ];
    return [];
  });
}

/** A service's name is not the name of an earlier one. */
function checkUniqueName(config: ParsedConfig, i: number): Problem[] {
  const name = config.services[i].name;
  const first = config.services.findIndex((s) => s.name === name);
  return first < i ? [{ path: ["services", i, "name"], message: `${JSON.stringify(name)} is already the name of services[${first}]` }] : [];
}

/** A service's image and targets are declared. */
function checkImageAndTargets(config: ParsedConfig, i: number): Problem[] {
  const svc = config.services[i];
  const images = Object.keys(config.images);
  const targets = Object.keys(config.targets);
  const problems: Problem[] = [];
  if (!images.includes(svc.image))
    problems.push({
      path: ["services", i, "image"],
      message: `${JSON.stringify(svc.image)} is not declared in crossarch:images; declared: ${images.join(", ")}`,
    });
  svc.targets?.forEach((t, j) => {
    if (!targets.includes(t))
      problems.push({
        path: ["services", i, "targets", j],
        message: `${JSON.stringify(t)} is not declared in crossarch:targets; declared: ${targets.join(", ")}`,
      });
  });
  return problems;
}

/** Each override is keyed by an arch or by a target the service runs on. */
function checkOverrideKeys(config: ParsedConfig, i: number): Problem[] {
  const svc = config.services[i];
  const runsOn = serviceTargets(svc, config).filter((t) => Object.keys(config.targets).includes(t));
  return Object.keys(svc.overrides).flatMap((key): Problem[] =>
    isArch(key) || runsOn.includes(key)
      ? []
      : [
          {
            path: ["services", i, "overrides", key],
            message: `${JSON.stringify(key)} is neither an arch (${ARCHES.join(", ")}) nor a target this service runs on (${runsOn.join(", ")})`,
          },
        ],
  );
}

/** Env names crossarch sets itself (PORT, the profile's CROSSARCH_*) are not the service's to set. */
function checkEnvNames(config: ParsedConfig, i: number): Problem[] {
  const problems: Problem[] = [];
  for (const { path: at, name } of serviceEnvEntries(config.services[i], i)) {
    if (name === "PORT")
      problems.push({
        path: at,
        message:
          "PORT is set by crossarch from the service's port, the one fact the app, its health check and its load balancer share; set port (or ports) instead",
      });
    if (name.startsWith(PROFILE_ENV_PREFIX))
      problems.push({
        path: at,
        message: `${PROFILE_ENV_PREFIX}* variables are set by crossarch from the arch profile; choose another name`,
      });
  }
  return problems;
}

/** `port` or `ports`, not both; each port after the first is named; a public service has a port. */
function checkPortKeys(config: ParsedConfig, i: number): Problem[] {
  const svc = config.services[i];
  const problems: Problem[] = [];
  if (svc.ports && svc.port !== undefined)
    problems.push({ path: ["services", i, "port"], message: "give either port (one port) or ports (several), not both" });
  if (svc.ports && svc.protocol !== undefined)
    problems.push({ path: ["services", i, "protocol"], message: "applies to port only; with ports, give each entry its protocol" });
  svc.ports?.forEach((p, j) => {
    if (j > 0 && p.name === undefined)
      problems.push({
        path: ["services", i, "ports", j, "name"],
        message: "is needed from the second port on: it names the port in env (<SERVICE>_<NAME>_PORT)",
      });
  });
  if (svc.public && portsOfConfig(svc).length === 0)
    problems.push({ path: ["services", i, "public"], message: "true needs the service to have a port" });
  return problems;
}

/** A job runs before services that exist, on its own targets. */
function checkJobOrder(config: ParsedConfig, i: number): Problem[] {
  const svc = config.services[i];
  return (svc.job?.before ?? []).flatMap((other, j): Problem[] => {
    const server = config.services.find((x) => x.name === other);
    if (!server)
      return [
        {
          path: ["services", i, "job", "before", j],
          message: `${JSON.stringify(other)} is not a service; declared: ${config.services.map((x) => x.name).join(", ")}`,
        },
      ];
    const theirs = serviceTargets(server, config);
    const missing = serviceTargets(svc, config).filter((t) => !theirs.includes(t));
    return missing.length === 0
      ? []
      : [
          {
            path: ["services", i, "job", "before", j],
            message: `job ${svc.name} runs on ${missing.join(", ")} where ${other} does not (it runs on ${theirs.join(", ")}); a job orders services of its own target: limit the job's targets`,
          },
        ];
  });
}

/** A service connects to services that exist, on each target it runs on. */
function checkConnects(config: ParsedConfig, i: number): Problem[] {
  const svc = config.services[i];
  return svc.connects.flatMap((other, j): Problem[] => {
    const at = ["services", i, "connects", j];
    const server = config.services.find((x) => x.name === other);
    if (!server)
      return other === svc.name
        ? []
        : [{ path: at, message: `${JSON.stringify(other)} is not a service; declared: ${config.services.map((x) => x.name).join(", ")}` }];
    const theirs = serviceTargets(server, config);
    return serviceTargets(svc, config)
      .filter((t) => Object.keys(config.targets).includes(t) && !theirs.includes(t))
      .map((t) => ({
        path: at,
        message: `${svc.name} runs on target ${t} (${config.targets[t].kind}) but ${other} does not (it runs on ${theirs.join(", ")}); a service reaches only services of its own target: run ${other} on ${t} too, or limit ${svc.name}'s targets`,
      }));
  });
}

/** A long-running service has a way to be health-checked: a path, a port or a command (a worker with no port is checked by a command). */
function checkHealthGiven(config: ParsedConfig, i: number): Problem[] {
  const svc = config.services[i];
  const { path, port, command } = svc.health;
  if (svc.job || path !== undefined || port !== undefined || command !== undefined || portsOfConfig(svc).length > 0) return [];
  return [
    { path: ["services", i, "health"], message: "needs a path (HTTP check), a port (TCP check) or a command, or the service needs a port" },
  ];
}

/** Every registry password's config key: the targets' registries and the release registries. */
function registrySecrets(config: ParsedConfig): { path: (string | number)[]; key: string; owner: string }[] {
  const fromTargets = Object.entries(config.targets).flatMap(([name, t]) => {
    const key = "registry" in t ? (t.registry as { passwordSecret?: string }).passwordSecret : undefined;
    return key === undefined ? [] : [{ path: ["targets", name, "registry", "passwordSecret"], key, owner: name }];
  });
  const releases = Object.entries(config.registries).flatMap(([name, r]) =>
    r.passwordSecret === undefined ? [] : [{ path: ["registries", name, "passwordSecret"], key: r.passwordSecret, owner: name }],
  );
  return [...fromTargets, ...releases];
}

/** A secret's key may not be a setting of crossarch (`app`, `builder`): its plain value would be the secret. */
function checkSecretNames(config: ParsedConfig): Problem[] {
  const problems: Problem[] = [];
  for (const { path: at, key, owner } of registrySecrets(config))
    if (CONFIG_KEYS.includes(key))
      problems.push({
        path: at,
        message: `names crossarch:${key}, a setting of crossarch, not a secret; name a key of its own, e.g. ${owner}RegistryPassword, set with: pulumi config set --secret crossarch:${owner}RegistryPassword`,
      });
  for (const { path: at, key } of secretRefs(config.services))
    if (CONFIG_KEYS.includes(key))
      problems.push({
        path: [...at, "secret"],
        message: `names crossarch:${key}, a setting of crossarch, not a secret; name a key of its own, set with: pulumi config set --secret crossarch:<key>`,
      });
  return problems;
}

/** Where a deployment is, for messages: `target aws (arm64)`. */
function where(d: Deployment): string {
  return `target ${d.target} (${d.arch})`;
}

/**
 * The arch guard on what config already knows: a built image's platforms (default both) and a
 * ref's declared platforms must include every arch it is deployed to. Refs without declared
 * platforms are checked by the program once their index is read.
 */
function checkArches(config: ParsedConfig, deployments: readonly Deployment[]): Problem[] {
  const problems = new Map<string, Problem>();
  for (const d of deployments) {
    const image = config.images[d.image.name];
    if (image.ref !== undefined && image.platforms === undefined) continue;
    const platforms = image.platforms ?? ["linux/amd64", "linux/arm64"];
    for (const p of archGuard({ image: d.image.name, target: `${d.target} (${kindOf(d.kind).title})`, arch: d.arch, platforms })) {
      const problem = { path: ["images", d.image.name, "platforms"], message: `${p.message} (used by service ${d.name})` };
      problems.set(JSON.stringify(problem), problem);
    }
  }
  return [...problems.values()];
}

/** Each replica size on its target's grid; problems point at the key the value came from. */
function checkSizes(deployments: readonly Deployment[], ctx: CheckContext): Problem[] {
  const problems = new Map<string, Problem>();
  for (const d of deployments) {
    for (const p of kindOf(d.kind).validateSize(d.size, { hostCpus: ctx.hostCpus })) {
      const source = p.path[0] === "memory" ? d.sources.memory : d.sources.cpu;
      const note = source.note ? `, ${source.note}` : "";
      const problem = { path: source.path, message: `${p.message} (service ${d.name} on ${where(d)}${note})` };
      problems.set(JSON.stringify(problem), problem);
    }
  }
  return [...problems.values()];
}

/** Declared budgets hold. */
function checkBudgets(config: ParsedConfig, deployments: readonly Deployment[]): Problem[] {
  return Object.entries(config.targets).flatMap(([name, t]) =>
    t.budget
      ? under(
          ["targets", name, "budget"],
          validateBudget(name, { cpu: t.budget.cpu, memoryMiB: t.budget.memory }, allocationsOn(deployments, name)),
        )
      : [],
  );
}
