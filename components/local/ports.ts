/**
 * The loopback ports of the local target's replicas: port k of service i, arch a, replica r is
 * basePort + 100 i + 20 k + 10 a + r, inside the range the bootstrap's firewall keeps on loopback.
 */
import { ARCHES, type Arch } from "../model/arch";
import type { Problem } from "../model/problems";

/** A replica set's place in the port plan. */
export interface PortPlace {
  /** Service name. */
  name: string;
  /** The service's index in the stack. */
  index: number;
  /** The arch of the replica set. */
  arch: Arch;
  /** Its replicas (at most 10 get distinct ports). */
  replicas: number;
  /** How many ports it declares (at least one loopback port each replica). */
  ports?: number;
}

/** The loopback port of one replica's port `k` (0: its main port). */
export function localPort(basePort: number, s: Pick<PortPlace, "index" | "arch">, replica: number, k = 0): number {
  return basePort + 100 * s.index + 20 * k + 10 * ARCHES.indexOf(s.arch) + replica;
}

/** The ports local stacks may use: the bootstrap's firewall keeps exactly these on loopback. */
export const LOCAL_PORT_RANGE = {
  /** Lowest port. */
  min: 18000,
  /** Highest port. */
  max: 20999,
} as const;

/** Every replica's port inside {@link LOCAL_PORT_RANGE} and no two alike; problems sit at `basePort`. */
export function validateLocalPorts(basePort: number, services: readonly PortPlace[]): Problem[] {
  const problems: Problem[] = [];
  const owner = new Map<number, string>();
  for (const s of services) {
    for (let r = 0; r < s.replicas; r++)
      for (let k = 0; k < Math.max(1, s.ports ?? 1); k++) {
        const port = localPort(basePort, s, r, k);
        const who = `${s.name}/${s.arch}/${r}${k > 0 ? ` port ${k}` : ""}`;
        const { min, max } = LOCAL_PORT_RANGE;
        if (port < min || port > max) {
          problems.push({
            path: ["basePort"],
            message: `${basePort} puts replica ${who} on port ${port}, outside ${min}-${max}, the range the bootstrap's firewall keeps on loopback`,
          });
        } else if (owner.has(port)) {
          problems.push({
            path: ["basePort"],
            message: `replicas ${owner.get(port)} and ${who} both get port ${port}; at most 10 replicas per service and arch`,
          });
        }
        owner.set(port, who);
      }
  }
  return problems;
}
