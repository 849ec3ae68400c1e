/**
 * Connections between the services of one target: `connects: [db]` injects `DB_HOST`, `DB_PORT`
 * and `DB_URL` (and `DB_<PORT>_PORT`/`_URL` for each further port), addressed the way the
 * target reaches a service (Service Connect, Container Apps ingress, localhost, loopback ports).
 * The checks are the same for every target: the service exists on the target, has a port, the
 * names do not collide with the env, and there is no cycle (a service starts after those it
 * connects to).
 */
import * as pulumi from "@pulumi/pulumi";
import type { Problem } from "./problems";
import { portsOf, type ServicePort } from "./ports";
import type { TargetService } from "./service";

/** `vector-db` -> `VECTOR_DB`: the prefix of a connection's env names. */
export function connectionPrefix(service: string): string {
  return service.toUpperCase().replace(/-/g, "_");
}

/** How a target reaches one port of a service. */
export interface Address {
  /** Host name or address the connecting service uses. */
  host: pulumi.Input<string>;
  /** Port it connects to (not always the container's: ingress listens on 443). */
  port: pulumi.Input<number>;
  /** URL scheme: `http`, `https` or `tcp`. */
  scheme: string;
}

/** The env names one connection injects, in order: `_HOST`, `_PORT`, `_URL` per port. */
export function connectionEnvNames(service: string, ports: readonly ServicePort[]): string[] {
  const prefix = connectionPrefix(service);
  return ports.flatMap((p, i) =>
    i === 0
      ? [`${prefix}_HOST`, `${prefix}_PORT`, `${prefix}_URL`]
      : [`${prefix}_${connectionPrefix(p.name)}_PORT`, `${prefix}_${connectionPrefix(p.name)}_URL`],
  );
}

/** The env one connection injects, given how the target addresses each port. */
export function connectionEnv(
  service: string,
  ports: readonly ServicePort[],
  address: (port: ServicePort, index: number) => Address,
): Record<string, pulumi.Input<string>> {
  const prefix = connectionPrefix(service);
  const env: Record<string, pulumi.Input<string>> = {};
  ports.forEach((p, i) => {
    const a = address(p, i);
    const url = pulumi.interpolate`${a.scheme}://${a.host}${a.scheme === "https" ? "" : pulumi.interpolate`:${a.port}`}`;
    if (i === 0) {
      env[`${prefix}_HOST`] = a.host;
      env[`${prefix}_PORT`] = pulumi.output(a.port).apply(String);
      env[`${prefix}_URL`] = url;
    } else {
      const name = `${prefix}_${connectionPrefix(p.name)}`;
      env[`${name}_PORT`] = pulumi.output(a.port).apply(String);
      env[`${name}_URL`] = url;
    }
  });
  return env;
}

type Connecting = Pick<TargetService, "name" | "connects" | "env" | "secretEnv" | "port" | "ports">;

/**
 * Problems with the connections of services that run together (one target, or one arch of the
 * local target); paths are `services[i].connects[j]` and `services[i].env.<NAME>`.
 */
export function validateConnections<S extends Connecting>(
  services: readonly S[],
  ctx: { target: string; indexOf?: (s: S) => number },
): Problem[] {
  const problems: Problem[] = [];
  const byName = new Map(services.map((s) => [s.name, s]));
  const at = (s: S, ...path: (string | number)[]) => ["services", ctx.indexOf?.(s) ?? services.indexOf(s), ...path];
  for (const s of services) {
    const seen = new Set<string>();
    (s.connects ?? []).forEach((other, j) => {
      const server = byName.get(other);
      if (other === s.name) problems.push({ path: at(s, "connects", j), message: `${s.name} cannot connect to itself` });
      else if (seen.has(other)) problems.push({ path: at(s, "connects", j), message: `${JSON.stringify(other)} is listed twice` });
      else if (!server)
        problems.push({
          path: at(s, "connects", j),
          message: `${JSON.stringify(other)} is not a service of target ${ctx.target}; services there: ${[...byName.keys()].join(", ")}`,
        });
      else if (portsOf(server).length === 0)
        problems.push({ path: at(s, "connects", j), message: `${other} has no port to connect to; give it a port` });
      else {
        const taken = { ...s.env, ...s.secretEnv };
        for (const name of connectionEnvNames(other, portsOf(server)))
          if (name in taken)
            problems.push({
              path: at(s, "env", name),
              message: `${name} is set by the connection to ${other} (connects[${j}]); remove it from env or rename it`,
            });
      }
      seen.add(other);
    });
  }
  const cycle = findCycle(services);
  if (cycle) {
    const first = byName.get(cycle[0]) as S;
    problems.push({
      path: at(first, "connects"),
      message: `connections form a cycle (${cycle.join(" -> ")}); a service starts after the services it connects to, so one edge must go`,
    });
  }
  return problems;
}

/** A cycle of connections as names (`a -> b -> a`), or undefined. */
export function findCycle(services: readonly Pick<TargetService, "name" | "connects">[]): string[] | undefined {
  const edges = new Map(services.map((s) => [s.name, (s.connects ?? []).filter((c) => c !== s.name)]));
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === "done") return undefined;
    if (state.get(n) === "open") return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, "open");
    stack.push(n);
    for (const next of edges.get(n) ?? []) {
      if (!edges.has(next)) continue;
      const found = visit(next);
      if (found) return found;
    }
    stack.pop();
    state.set(n, "done");
    return undefined;
  };
  for (const s of services) {
    const found = visit(s.name);
    if (found) return found;
  }
  return undefined;
}

/**
 * Services in an order where each comes after the services it connects to and after the once
 * jobs that must run before it (cycles were refused).
 */
export function connectionOrder<S extends Pick<TargetService, "name" | "connects" | "job">>(services: readonly S[]): S[] {
  const byName = new Map(services.map((s) => [s.name, s]));
  const after = (s: S): S[] => [
    ...(s.connects ?? []).flatMap((c) => (byName.get(c) && c !== s.name ? [byName.get(c) as S] : [])),
    ...services.filter((j) => j !== s && j.job?.run === "once" && (j.job.before ?? []).includes(s.name)),
  ];
  const out: S[] = [];
  const placed = new Set<S>();
  const place = (s: S, depth: number) => {
    if (placed.has(s) || depth > services.length) return;
    for (const first of after(s)) place(first, depth + 1);
    if (!placed.has(s)) {
      placed.add(s);
      out.push(s);
    }
  };
  for (const s of services) place(s, 0);
  return out;
}
