/**
 * The ports a service listens on, each `http` or `tcp`, the first its main port: the one the
 * app is told (`PORT`), connections address as `<NAME>_PORT`, and public traffic reaches.
 */
import type { Problem } from "./problems";

/** `http` or `tcp`: how a port is exposed and addressed. */
export type PortProtocol = "http" | "tcp";

/** One port a service listens on. */
export interface ServicePort {
  /** Names the port: ECS port mappings, `<SERVICE>_<NAME>_PORT` for every port after the first. */
  name: string;
  /** Port number the container listens on (1-65535). */
  port: number;
  /** How the port is exposed and addressed. */
  protocol: PortProtocol;
}

/** What the port helpers read of a service. */
export interface HasPorts {
  /** The main port (HTTP unless `ports` says otherwise). */
  port?: number;
  /** Every port, the main one first. */
  ports?: readonly ServicePort[];
}

/** Every port of a service, the main one first. */
export function portsOf(s: HasPorts): readonly ServicePort[] {
  if (s.ports && s.ports.length > 0) return s.ports;
  return s.port !== undefined ? [{ name: "main", port: s.port, protocol: "http" }] : [];
}

/** The main port, if the service has one. */
export function mainPort(s: HasPorts): ServicePort | undefined {
  return portsOf(s)[0];
}

/** `ports` agree with `port`, and no two share a number or a name. */
export function validatePorts(s: HasPorts): Problem[] {
  const problems: Problem[] = [];
  if (s.ports && s.ports.length > 0 && s.port !== undefined && s.ports[0].port !== s.port)
    problems.push({
      path: ["port"],
      message: `${s.port} differs from ports[0].port (${s.ports[0].port}); the main port is the first of ports`,
    });
  const numbers = new Map<number, number>();
  const names = new Map<string, number>();
  (s.ports ?? []).forEach((p, i) => {
    if (numbers.has(p.port)) problems.push({ path: ["ports", i, "port"], message: `${p.port} is already ports[${numbers.get(p.port)}]` });
    if (names.has(p.name))
      problems.push({
        path: ["ports", i, "name"],
        message: `${JSON.stringify(p.name)} is already the name of ports[${names.get(p.name)}]`,
      });
    numbers.set(p.port, i);
    names.set(p.name, i);
  });
  return problems;
}
