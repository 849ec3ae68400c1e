/**
 * Rules that relate config keys to each other and to the model: references resolve,
 * every size sits on its target's grid, health checks fit each target's ranges, OCI
 * containers fit their instance, budgets hold. Each problem names the key to change.
 */
import {
  ARCHES,
  isArch,
  validateHealth,
  archGuard,
  under,
  type Problem,
  PROFILE_ENV_PREFIX,
  validateBudget,
  validateOciContainersFit,
  validateOciInstance,
  TARGET_KIND_NAMES,
  validateSizeOn,
  validateTagValue,
  validateConnections,
  validatePorts,
  validateSupport,
  validateVolumes,
  validateJob,
  validateJobOn,
  validateJobShape,
  parseImageRef,
  type PropertyPath,
} from "@crossarch/components/model";
import { validateLocalPorts } from "@crossarch/components/local";
import * as fs from "node:fs";
import * as path from "node:path";
import { CONFIG_KEYS, type ParsedConfig } from "./config-schema";
import { allocationsOn, portsOfConfig, resolveDeployments, serviceTargets, type Deployment } from "./plan";

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
    ...checkLocalTargets(config),
    ...checkPlaces(config),
    ...checkPlatformLimits(deployments),
    ...checkArches(config, deployments),
    ...checkSizes(deployments, ctx),
    ...checkHealth(deployments),
    ...checkSupport(config, deployments),
    ...checkPorts(deployments),
    ...checkConnections(deployments),
    ...checkJobs(deployments),
    ...checkOci(config, deployments),
    ...checkBudgets(config, deployments),
    ...checkLocalPorts(config, deployments),
  ];
}

/**
 * Images: a build's context and Dockerfile exist inside the project (a path that leaves it, such
 * as ../../etc, never reaches a build); a ref parses as an image reference.
 */
function checkImages(config: ParsedConfig, ctx: CheckContext): Problem[] {
  const problems: Problem[] = [];
  for (const [name, image] of Object.entries(config.images)) {
    if (image.ref !== undefined && parseImageRef(image.ref) === undefined)
      problems.push({
        path: ["images", name, "ref"],
        message: `${JSON.stringify(image.ref)} is not an image reference: expected [registry/]repository[:tag][@sha256:<64 hex>], lowercase repository`,
      });
    if (image.build === undefined || ctx.projectRoot === undefined) continue;
    const root = path.resolve(ctx.projectRoot);
    const inside = (p: string) => p === root || p.startsWith(root + path.sep);
    const context = path.resolve(root, image.build.context);
    const dockerfile = path.resolve(root, image.build.dockerfile ?? path.join(image.build.context, "Dockerfile"));
    const key = (k: string) => ["images", name, "build", k];
    if (!inside(context))
      problems.push({ path: key("context"), message: `${JSON.stringify(image.build.context)} lies outside the project (${root})` });
    else if (!fs.existsSync(context) || !fs.statSync(context).isDirectory())
      problems.push({ path: key("context"), message: `${JSON.stringify(image.build.context)} is not a directory of the project` });
    if (!inside(dockerfile))
      problems.push({
        path: key("dockerfile"),
        message: `${JSON.stringify(path.relative(root, dockerfile))} lies outside the project (${root})`,
      });
    else if (inside(context) && !fs.existsSync(dockerfile))
      problems.push({
        path: key(image.build.dockerfile ? "dockerfile" : "context"),
        message: `${JSON.stringify(path.relative(root, dockerfile))} does not exist${image.build.dockerfile ? "" : "; give build.dockerfile when it has another name"}`,
      });
  }
  return problems;
}

/**
 * Places that must agree: an ACM certificate in the Fargate target's region, an OCI availability
 * domain in the OCI target's region.
 */
function checkPlaces(config: ParsedConfig): Problem[] {
  const problems: Problem[] = [];
  for (const [name, t] of Object.entries(config.targets)) {
    if (t.kind === "fargate" && t.certificateArn) {
      const region = t.certificateArn.split(":")[3];
      if (region !== t.region)
        problems.push({
          path: ["targets", name, "certificateArn"],
          message: `is in ${region || "no region"}, but the target's load balancers are in ${t.region}; an ALB takes only a certificate of its own region`,
        });
    }
    if (t.kind === "oci") {
      const m = /([A-Z]+-[A-Z]+-\d+)-AD-\d+$/.exec(t.availabilityDomain);
      if (m && m[1].toLowerCase() !== t.region)
        problems.push({
          path: ["targets", name, "availabilityDomain"],
          message: `${t.availabilityDomain} is in ${m[1].toLowerCase()}, not in the target's region ${t.region}`,
        });
    }
  }
  return problems;
}

/** The most env an ECS container definition may carry: the task definition is capped at 64 KiB. */
const ECS_ENV_BYTES = 48 * 1024;
/** Container App names: at most 32 characters; Pulumi names an app `<target>-<service>` plus an 8-character suffix. */
const ACA_APP_NAME_MAX = 32;

/** Limits of the platforms that the names and values crossarch derives must keep. */
function checkPlatformLimits(deployments: readonly Deployment[]): Problem[] {
  const problems = new Map<string, Problem>();
  const add = (p: Problem) => problems.set(JSON.stringify(p), p);
  for (const d of deployments) {
    if (d.kind === "fargate") {
      const bytes = Object.entries(d.env).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v) + 30, 0);
      if (bytes > ECS_ENV_BYTES)
        add({
          path: ["services", d.serviceIndex, "env"],
          message: `is ${Math.round(bytes / 1024)} KiB on target ${d.target} (AWS Fargate); an ECS task definition is capped at 64 KiB, so keep env under ${ECS_ENV_BYTES / 1024} KiB (large values belong in a volume or a secret)`,
        });
    }
    if (d.kind === "aca") {
      const length = `${d.target}-${d.service}`.length + 8;
      if (length > ACA_APP_NAME_MAX)
        add({
          path: ["services", d.serviceIndex, "name"],
          message: `makes the Container App name ${d.target}-${d.service} plus Pulumi's 8-character suffix, ${length} characters; Container Apps allow ${ACA_APP_NAME_MAX}: shorten the service or the target name`,
        });
    }
  }
  return [...problems.values()];
}

/** One local target per stack: two would give their containers the same names. */
function checkLocalTargets(config: ParsedConfig): Problem[] {
  const locals = Object.entries(config.targets)
    .filter(([, t]) => t.kind === "local")
    .map(([n]) => n);
  return locals.slice(1).map((n) => ({
    path: ["targets", n],
    message: `a second local target (after ${locals[0]}): the containers of both would get the same names on this engine; use one local target with arches: [amd64, arm64]`,
  }));
}

/** Local replicas' ports stay inside the firewalled loopback range and apart. */
function checkLocalPorts(config: ParsedConfig, deployments: readonly Deployment[]): Problem[] {
  return Object.entries(config.targets).flatMap(([name, t]) => {
    if (t.kind !== "local") return [];
    const services = deployments
      .filter((d) => d.target === name)
      .map((d) => ({ name: d.service, index: d.serviceIndex, arch: d.arch, replicas: d.replicas, ports: d.ports.length }));
    return under(["targets", name], validateLocalPorts(t.basePort, services));
  });
}

/** Names are unique and every name a key uses points at something declared. */
export function checkReferences(config: ParsedConfig, ctx: CheckContext): Problem[] {
  const problems: Problem[] = [];
  const targets = Object.keys(config.targets);
  const images = Object.keys(config.images);
  problems.push(...validateTagValue(ctx.stack).map((p) => ({ path: [], message: `stack name ${p.message}` })));
  for (const name of targets) {
    if (isArch(name))
      problems.push({
        path: ["targets", name],
        message: `a target cannot be named after an arch (${ARCHES.join(", ")}): overrides would be ambiguous`,
      });
  }
  if (ctx.setKeys !== undefined) {
    config.services.forEach((svc, i) => {
      const envs = envLayers(svc, i);
      for (const [env, at] of envs) {
        for (const [name, value] of Object.entries(env)) {
          const key = (value as { secret?: string }).secret;
          if (key === undefined) continue;
          if (CONFIG_KEYS.includes(key)) continue; // refused by checkSecretNames
          if (!ctx.setKeys?.includes(`crossarch:${key}`)) {
            if (ctx.secretsElsewhere) continue;
            problems.push({
              path: [...at, name, "secret"],
              message: `names crossarch:${key}, which is not set; set it with: pulumi config set --secret crossarch:${key}`,
            });
          } else if (ctx.secretKeys !== undefined && !ctx.secretKeys.includes(`crossarch:${key}`)) {
            problems.push({
              path: [...at, name, "secret"],
              message: `names crossarch:${key}, which is set in plain text; set it again with: pulumi config set --secret crossarch:${key}`,
            });
          }
        }
      }
    });
    for (const [name, t] of Object.entries(config.targets)) {
      const key = "registry" in t ? (t.registry as { passwordSecret?: string }).passwordSecret : undefined;
      if (key !== undefined && CONFIG_KEYS.includes(key)) continue; // refused by checkSecretNames
      if (
        key !== undefined &&
        ctx.secretKeys !== undefined &&
        ctx.setKeys?.includes(`crossarch:${key}`) &&
        !ctx.secretKeys.includes(`crossarch:${key}`)
      ) {
        problems.push({
          path: ["targets", name, "registry", "passwordSecret"],
          message: `names crossarch:${key}, which is set in plain text; set it again with: pulumi config set --secret crossarch:${key} <password>`,
        });
        continue;
      }
      if (key !== undefined && !ctx.setKeys.includes(`crossarch:${key}`) && !ctx.secretsElsewhere) {
        problems.push({
          path: ["targets", name, "registry", "passwordSecret"],
          message: `names crossarch:${key}, which is not set; set it with: pulumi config set --secret crossarch:${key} <password>`,
        });
      }
    }
  }
  problems.push(...checkSecretNames(config));
  const seen = new Map<string, number>();
  config.services.forEach((svc, i) => {
    const first = seen.get(svc.name);
    if (first !== undefined)
      problems.push({ path: ["services", i, "name"], message: `${JSON.stringify(svc.name)} is already the name of services[${first}]` });
    else seen.set(svc.name, i);
    if (!images.includes(svc.image)) {
      problems.push({
        path: ["services", i, "image"],
        message: `${JSON.stringify(svc.image)} is not declared in crossarch:images; declared: ${images.join(", ")}`,
      });
    }
    svc.targets?.forEach((t, j) => {
      if (!targets.includes(t))
        problems.push({
          path: ["services", i, "targets", j],
          message: `${JSON.stringify(t)} is not declared in crossarch:targets; declared: ${targets.join(", ")}`,
        });
    });
    const runsOn = serviceTargets(svc, config).filter((t) => targets.includes(t));
    for (const key of Object.keys(svc.overrides)) {
      if (!isArch(key) && !runsOn.includes(key)) {
        problems.push({
          path: ["services", i, "overrides", key],
          message: `${JSON.stringify(key)} is neither an arch (${ARCHES.join(", ")}) nor a target this service runs on (${runsOn.join(", ")})`,
        });
      }
    }
    const envs = envLayers(svc, i);
    for (const [env, at] of envs) {
      for (const key of Object.keys(env)) {
        if (key === "PORT")
          problems.push({
            path: [...at, key],
            message:
              "PORT is set by crossarch from the service's port, the one fact the app, its health check and its load balancer share; set port (or ports) instead",
          });
        if (key.startsWith(PROFILE_ENV_PREFIX))
          problems.push({
            path: [...at, key],
            message: `${PROFILE_ENV_PREFIX}* variables are set by crossarch from the arch profile; choose another name`,
          });
      }
    }
    const ports = portsOfConfig(svc);
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
    if (svc.public && ports.length === 0)
      problems.push({ path: ["services", i, "public"], message: "true needs the service to have a port" });
    svc.job?.before?.forEach((other, j) => {
      const server = config.services.find((x) => x.name === other);
      if (!server) {
        problems.push({
          path: ["services", i, "job", "before", j],
          message: `${JSON.stringify(other)} is not a service; declared: ${config.services.map((x) => x.name).join(", ")}`,
        });
        return;
      }
      const theirs = serviceTargets(server, config);
      const missing = serviceTargets(svc, config).filter((t) => !theirs.includes(t));
      if (missing.length > 0)
        problems.push({
          path: ["services", i, "job", "before", j],
          message: `job ${svc.name} runs on ${missing.join(", ")} where ${other} does not (it runs on ${theirs.join(", ")}); a job orders services of its own target: limit the job's targets`,
        });
    });
    svc.connects.forEach((other, j) => {
      const server = config.services.find((x) => x.name === other);
      if (!server && other !== svc.name)
        problems.push({
          path: ["services", i, "connects", j],
          message: `${JSON.stringify(other)} is not a service; declared: ${config.services.map((x) => x.name).join(", ")}`,
        });
      if (!server) return;
      const theirs = serviceTargets(server, config);
      for (const t of serviceTargets(svc, config).filter((t) => targets.includes(t) && !theirs.includes(t)))
        problems.push({
          path: ["services", i, "connects", j],
          message: `${svc.name} runs on target ${t} (${config.targets[t].kind}) but ${other} does not (it runs on ${theirs.join(", ")}); a service reaches only services of its own target: run ${other} on ${t} too, or limit ${svc.name}'s targets`,
        });
    });
    if (!svc.job && svc.health.path === undefined && svc.health.port === undefined && ports.length === 0) {
      problems.push({
        path: ["services", i, "health"],
        message: "needs a path (HTTP check) or a port (TCP check), or the service needs a port",
      });
    }
  });
  return problems;
}

/** A secret's key may not be a setting of crossarch (`app`, `builder`): its plain value would be the secret. */
function checkSecretNames(config: ParsedConfig): Problem[] {
  const problems: Problem[] = [];
  for (const [name, t] of Object.entries(config.targets)) {
    const key = "registry" in t ? (t.registry as { passwordSecret?: string }).passwordSecret : undefined;
    if (key !== undefined && CONFIG_KEYS.includes(key))
      problems.push({
        path: ["targets", name, "registry", "passwordSecret"],
        message: `names crossarch:${key}, a setting of crossarch, not a secret; name a key of its own, e.g. ${name}RegistryPassword, set with: pulumi config set --secret crossarch:${name}RegistryPassword`,
      });
  }
  config.services.forEach((svc, i) => {
    for (const [env, at] of envLayers(svc, i))
      for (const [name, value] of Object.entries(env)) {
        const key = (value as { secret?: string }).secret;
        if (key !== undefined && CONFIG_KEYS.includes(key))
          problems.push({
            path: [...at, name, "secret"],
            message: `names crossarch:${key}, a setting of crossarch, not a secret; name a key of its own, set with: pulumi config set --secret crossarch:<key>`,
          });
      }
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
    const image = config.images[d.image];
    if (image.ref !== undefined && image.platforms === undefined) continue;
    const platforms = image.platforms ?? ["linux/amd64", "linux/arm64"];
    for (const p of archGuard({ image: d.image, target: `${d.target} (${TARGET_KIND_NAMES[d.kind]})`, arch: d.arch, platforms })) {
      const problem = { path: ["images", d.image, "platforms"], message: `${p.message} (used by service ${d.service})` };
      problems.set(JSON.stringify(problem), problem);
    }
  }
  return [...problems.values()];
}

/** Each replica size on its target's grid; problems point at the key the value came from. */
function checkSizes(deployments: readonly Deployment[], ctx: CheckContext): Problem[] {
  const problems = new Map<string, Problem>();
  for (const d of deployments) {
    for (const p of validateSizeOn(d.kind, d.size, { hostCpus: ctx.hostCpus })) {
      const source = p.path[0] === "memory" ? d.sources.memory : d.sources.cpu;
      const note = source.note ? `, ${source.note}` : "";
      const problem = { path: source.path, message: `${p.message} (service ${d.service} on ${where(d)}${note})` };
      problems.set(JSON.stringify(problem), problem);
    }
  }
  return [...problems.values()];
}

/** A job's fields, what its targets can do with it, and what a job may not have. */
function checkJobs(deployments: readonly Deployment[]): Problem[] {
  const problems = new Map<string, Problem>();
  for (const d of deployments) {
    if (!d.job) continue;
    const found = [
      ...validateJob(d.job),
      ...validateJobOn(d.kind, d.job, { target: d.target, connects: d.connects }),
      ...validateJobShape({ ...d, health: { ...d.health, ...(d.health.port === d.port && { port: undefined }) } }),
    ];
    for (const p of found) {
      const problem = { path: sourceOf(d, p.path), message: p.message };
      problems.set(JSON.stringify(problem), problem);
    }
  }
  return [...problems.values()];
}

/** The health spec against every target the service runs on (a job has none). */
function checkHealth(deployments: readonly Deployment[]): Problem[] {
  const problems = new Map<string, Problem>();
  for (const d of deployments) {
    if (d.job) continue;
    const found = validateHealth(d.health, d.kind, { target: d.target, behindLoadBalancer: d.public });
    for (const p of found) {
      const problem = { path: sourceOf(d, ["health", ...p.path]), message: p.message };
      problems.set(JSON.stringify(problem), problem);
    }
  }
  return [...problems.values()];
}

/** A problem's path in config: the override a field came from, or the service key. */
function sourceOf(d: Deployment, path: PropertyPath): PropertyPath {
  const key = path.filter((p) => typeof p === "string").join(".");
  return d.sources.fields[key] ?? ["services", d.serviceIndex, ...path];
}

/** Every key takes effect on each target the service runs on, or is refused there. */
function checkSupport(config: ParsedConfig, deployments: readonly Deployment[]): Problem[] {
  const problems = new Map<string, Problem>();
  for (const d of deployments) {
    const t = config.targets[d.target];
    const found = validateSupport(d.kind, d, { target: d.target, ...(t.kind === "oci" && { publicIp: t.assignPublicIp }) });
    for (const p of found) {
      const problem = { path: sourceOf(d, p.path), message: p.message };
      problems.set(JSON.stringify(problem), problem);
    }
  }
  return [...problems.values()];
}

/** Port numbers and names, volume names and paths, unique within a service. */
function checkPorts(deployments: readonly Deployment[]): Problem[] {
  const problems = new Map<string, Problem>();
  for (const d of deployments)
    for (const p of under(["services", d.serviceIndex], [...validatePorts({ ports: d.ports }), ...validateVolumes(d.volumes)]))
      problems.set(JSON.stringify(p), p);
  return [...problems.values()];
}

/**
 * Connections within each target (each arch of a local target): the service has a port, the
 * injected names do not collide with env, no cycle. Services that do not run there were
 * refused with the references.
 */
function checkConnections(deployments: readonly Deployment[]): Problem[] {
  const problems = new Map<string, Problem>();
  const groups = new Map<string, Deployment[]>();
  for (const d of deployments) groups.set(`${d.target}/${d.arch}`, [...(groups.get(`${d.target}/${d.arch}`) ?? []), d]);
  for (const [, group] of groups) {
    const services = group.map((d) => ({
      name: d.service,
      index: d.serviceIndex,
      connects: d.connects.filter((c) => group.some((x) => x.service === c) || c === d.service),
      env: d.env,
      secretEnv: d.secretEnv,
      ports: d.ports,
    }));
    for (const p of validateConnections(services, { target: group[0].target, indexOf: (s) => s.index })) problems.set(JSON.stringify(p), p);
  }
  return [...problems.values()];
}

/** OCI: instance shape legal, one replica per service, distinct ports, containers fit. */
function checkOci(config: ParsedConfig, deployments: readonly Deployment[]): Problem[] {
  const problems: Problem[] = [];
  for (const [name, t] of Object.entries(config.targets)) {
    if (t.kind !== "oci") continue;
    const instance = { shape: t.shape, ocpus: t.ocpus, memoryMiB: t.memory };
    const shapeProblems = under(["targets", name], validateOciInstance(instance));
    problems.push(...shapeProblems);
    const on = deployments.filter((d) => d.target === name);
    const ports = new Map<number, string>();
    for (const d of on) {
      for (const [j, p] of d.ports.slice(1).entries()) {
        const owner = ports.get(p.port);
        if (owner !== undefined)
          problems.push({
            path: ["services", d.serviceIndex, "ports", j + 1, "port"],
            message: `${p.port} is already used by service ${owner} on target ${name}: containers of one OCI instance share a network namespace`,
          });
        else ports.set(p.port, d.service);
      }
      if (d.replicas !== 1) {
        problems.push({
          path: d.sources.replicas.path,
          message: `${d.replicas}: an OCI container instance runs each service once (target ${name}); set services[${d.serviceIndex}].overrides.${name}.replicas to 1`,
        });
      }
      const port = d.port ?? d.health.port;
      const owner = port === undefined ? undefined : ports.get(port);
      if (port !== undefined && owner !== undefined) {
        problems.push({
          path: ["services", d.serviceIndex, d.ports.length > 0 && config.services[d.serviceIndex].ports ? "ports" : "port"],
          message: `${port} is already used by service ${owner} on target ${name}: containers of one OCI instance share a network namespace`,
        });
      } else if (port !== undefined) ports.set(port, d.service);
    }
    if (shapeProblems.length === 0) {
      const running = on.filter((d) => !d.job); // a job gets an instance of its own
      for (const p of validateOciContainersFit(
        instance,
        running.map((d) => ({ name: d.service, size: d.size })),
      )) {
        // one container too big: point at its size; the sum too big: point at the instance
        const container = p.path[0] === "containers" ? running[Number(p.path[1])] : undefined;
        problems.push({ path: container ? container.sources.cpu.path : ["targets", name], message: p.message });
      }
    }
  }
  return problems;
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

/** A service's env maps (its own, then each override's) with their config paths. */
function envLayers(svc: ParsedConfig["services"][number], i: number): [Record<string, unknown>, (string | number)[]][] {
  return [
    [svc.env, ["services", i, "env"]],
    ...Object.entries(svc.overrides).map(([k, o]): [Record<string, unknown>, (string | number)[]] => [
      o.env ?? {},
      ["services", i, "overrides", k, "env"],
    ]),
  ];
}
