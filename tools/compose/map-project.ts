/**
 * What the compose mapping learns of the whole project before it maps any service (the once
 * jobs, the addresses services give each other, the env templates several services share), and
 * what it fills as it goes (images, dropped keys, notes, secrets to set).
 */
import type { ComposeService, LoadedCompose } from "./load";
import type { Dropped, ImportOptions, SecretToSet } from "./map";
import { crossarchName } from "./names";

/** An address one service gives another in its env: `db:5432` in web's `DATABASE_URL`. */
export interface Address {
  from: string;
  key: string;
  service: string;
  port: number;
}

/** The mapping of one project: what it knows of the whole project, and what it fills. */
export interface Mapping {
  loaded: LoadedCompose;
  options: ImportOptions;
  /** The compose services, sorted: the order services are mapped in. */
  composeNames: string[];
  dropped: Dropped[];
  notes: string[];
  secrets: Map<string, SecretToSet>;
  images: Record<string, unknown>;
  drop: (service: string, key: string, why: string, essential: boolean) => void;
  /** Per compose service others wait for with service_completed_successfully: the services it runs before. */
  jobBefore: Map<string, string[]>;
  addresses: Address[];
  /** Per compose service: the ports other services' addresses name. */
  referenced: Map<string, { port: number; by: string }[]>;
  /** Per `KEY=template`: how many services give it. */
  templateUsers: Map<string, number>;
}

/** A new mapping of `loaded`: the project-wide facts first. */
export function scanProject(loaded: LoadedCompose, options: ImportOptions): Mapping {
  const dropped: Dropped[] = [];
  const composeNames = Object.keys(loaded.project.services).sort();
  const addresses = addressesOf(loaded, composeNames);
  return {
    loaded,
    options,
    composeNames,
    dropped,
    notes: [],
    secrets: new Map<string, SecretToSet>(),
    images: {},
    drop: (service, key, why, essential) => dropped.push({ service, key, why, essential }),
    jobBefore: onceJobs(loaded, composeNames),
    addresses,
    referenced: referencedPorts(addresses),
    templateUsers: templateUsersOf(loaded, composeNames),
  };
}

/** A service others wait for with service_completed_successfully is a once job before them. */
function onceJobs(loaded: LoadedCompose, composeNames: string[]): Map<string, string[]> {
  const jobBefore = new Map<string, string[]>();
  for (const c of composeNames)
    for (const [dep, d] of Object.entries(loaded.project.services[c].depends_on ?? {}))
      if (d.condition === "service_completed_successfully") jobBefore.set(dep, [...(jobBefore.get(dep) ?? []), crossarchName(c)]);
  return jobBefore;
}

/**
 * Compose services reach each other on any port without declaring it: a port another service
 * names (db:5432 in a DATABASE_URL) is a port of that service.
 */
function addressesOf(loaded: LoadedCompose, composeNames: string[]): Address[] {
  const addresses: Address[] = [];
  for (const c of composeNames)
    for (const [k, v] of Object.entries(loaded.raw.services[c]?.environment ?? {}))
      for (const m of String(v ?? "").matchAll(/(?:^|[/@=\s])([A-Za-z0-9][A-Za-z0-9_.-]*):(\d{2,5})(?![\d])/g))
        if (m[1] in loaded.project.services && m[1] !== c) addresses.push({ from: c, key: k, service: m[1], port: Number(m[2]) });
  return addresses;
}

/** Per service: the ports the addresses name, and whose they are. */
function referencedPorts(addresses: Address[]): Map<string, { port: number; by: string }[]> {
  const referenced = new Map<string, { port: number; by: string }[]>();
  for (const a of addresses)
    referenced.set(a.service, [...(referenced.get(a.service) ?? []), { port: a.port, by: `${a.from}'s ${a.key}` }]);
  return referenced;
}

/** An env variable several services give the same template (DATABASE_URL) is one secret. */
function templateUsersOf(loaded: LoadedCompose, composeNames: string[]): Map<string, number> {
  const templateUsers = new Map<string, number>();
  for (const c of composeNames)
    for (const [k, v] of Object.entries(loaded.raw.services[c]?.environment ?? {}))
      templateUsers.set(`${k}=${String(v)}`, (templateUsers.get(`${k}=${String(v)}`) ?? 0) + 1);
  return templateUsers;
}

/** A service's ports: `ports`, then `expose`, then (given its name `c`) those others' addresses name; each number once. */
export function declaredPorts(m: Mapping, svc: ComposeService, c?: string) {
  const fromRefs = (c ? (m.referenced.get(c) ?? []) : []).map((r) => ({ port: r.port, published: undefined, protocol: "tcp" }));
  const fromPorts = (svc.ports ?? []).map((p) => ({ port: p.target, published: p.published, protocol: p.protocol ?? "tcp" }));
  const fromExpose = (svc.expose ?? []).map((e) => ({
    port: Number(String(e).split("/")[0]),
    published: undefined,
    protocol: String(e).split("/")[1] ?? "tcp",
  }));
  const seen = new Set<number>();
  return [...fromPorts, ...fromExpose, ...fromRefs].filter((p) => !seen.has(p.port) && (seen.add(p.port), true));
}
