/**
 * Checks of each deployment of a service against its target: jobs, health, what takes effect
 * where, ports and volumes, connections. Problems point at the key a value came from.
 */
import {
  validateConnections,
  validateHealth,
  validateJob,
  validateJobOn,
  validateJobShape,
  validatePorts,
  validateSupport,
  validateVolumes,
  kindOf,
  under,
  type Problem,
  type PropertyPath,
} from "@crossarch/components/model";
import type { ParsedConfig, TargetConfig } from "./config-schema";
import type { Deployment } from "./plan";

/** A job's fields, what its targets can do with it, and what a job may not have. */
export function checkJobs(deployments: readonly Deployment[]): Problem[] {
  const problems = new Map<string, Problem>();
  for (const d of deployments) {
    if (!d.job) continue;
    const found = [
      ...validateJob(d.job),
      ...validateJobOn(kindOf(d.kind), d.job, { target: d.target, connects: d.connects }),
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
export function checkHealth(deployments: readonly Deployment[]): Problem[] {
  const problems = new Map<string, Problem>();
  for (const d of deployments) {
    if (d.job) continue;
    const found = validateHealth(d.health, kindOf(d.kind), { target: d.target, behindLoadBalancer: d.public });
    for (const p of found) {
      const problem = { path: sourceOf(d, ["health", ...p.path]), message: p.message };
      problems.set(JSON.stringify(problem), problem);
    }
  }
  return [...problems.values()];
}

/** A problem's path in config: the override a field came from, or the service key. */
export function sourceOf(d: Deployment, path: PropertyPath): PropertyPath {
  const key = path.filter((p) => typeof p === "string").join(".");
  return d.sources.fields[key] ?? ["services", d.index, ...path];
}

/** Every key takes effect on each target the service runs on, or is refused there. */
export function checkSupport(config: ParsedConfig, deployments: readonly Deployment[]): Problem[] {
  const problems = new Map<string, Problem>();
  for (const d of deployments) {
    const found = validateSupport<TargetConfig>(kindOf(d.kind), d, { target: d.target, config: config.targets[d.target] });
    for (const p of found) {
      const problem = { path: sourceOf(d, p.path), message: p.message };
      problems.set(JSON.stringify(problem), problem);
    }
  }
  return [...problems.values()];
}

/** Port numbers and names, volume names and paths, unique within a service. */
export function checkPorts(deployments: readonly Deployment[]): Problem[] {
  const problems = new Map<string, Problem>();
  for (const d of deployments)
    for (const p of under(["services", d.index], [...validatePorts({ ports: d.ports }), ...validateVolumes(d.volumes)]))
      problems.set(JSON.stringify(p), p);
  return [...problems.values()];
}

/**
 * Connections within each target (each arch of a local target): the service has a port, the
 * injected names do not collide with env, no cycle. Services that do not run there were
 * refused with the references.
 */
export function checkConnections(deployments: readonly Deployment[]): Problem[] {
  const problems = new Map<string, Problem>();
  const groups = new Map<string, Deployment[]>();
  for (const d of deployments) groups.set(`${d.target}/${d.arch}`, [...(groups.get(`${d.target}/${d.arch}`) ?? []), d]);
  for (const [, group] of groups) {
    const services = group.map((d) => ({
      name: d.name,
      index: d.index,
      connects: d.connects.filter((c) => group.some((x) => x.name === c) || c === d.name),
      env: d.env,
      secretEnv: d.secretEnv,
      ports: d.ports,
    }));
    for (const p of validateConnections(services, { target: group[0].target, indexOf: (s) => s.index })) problems.set(JSON.stringify(p), p);
  }
  return [...problems.values()];
}
