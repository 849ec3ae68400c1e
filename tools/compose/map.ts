/**
 * A loaded compose project as a crossarch stack config: every compose key either maps to a
 * crossarch key or is listed as dropped (service, key, why; essential or not). Nothing is
 * dropped silently, and no secret value is written: env values that look like secrets or come
 * from env files become `{ secret: <key> }`, with the keys to set listed.
 */
import * as path from "node:path";
import type { ComposeService, LoadedCompose } from "./load";
import { mapHealth } from "./map-health";
import { formatMemory, kindOf } from "@crossarch/components/model";
import { fitSize, type ImportKind } from "./sizes";
import { ESSENTIAL, HANDLED, NOTE_ONLY, SECRET_NAME, TCP_PORTS } from "./rules";

export interface ImportOptions {
  stack: string;
  /** What the services run on: one target of this kind. */
  kind: ImportKind;
  /** Where Pulumi.yaml is: build contexts must lie inside it. */
  projectRoot: string;
  app?: string;
  location?: string;
  region?: string;
  basePort?: number;
  hostCpus?: number;
}

/** A compose key that has no crossarch equivalent on the chosen target. */
export interface Dropped {
  service: string;
  key: string;
  why: string;
  /** The system would not behave the same without it. */
  essential: boolean;
}

/** A secret to set before `up`: its config key, and where its value came from. */
export interface SecretToSet {
  key: string;
  /** `web.environment.DATABASE_URL` */
  usedBy: string[];
  /** What compose had: the variable or the literal kind, never the value. */
  from: string;
}

export interface ImportResult {
  /** The `crossarch:*` namespace, keys without the prefix. */
  config: Record<string, unknown>;
  dropped: Dropped[];
  /** Roundings and guesses, said so the user can check them. */
  notes: string[];
  secrets: SecretToSet[];
}

/** A compose name as a crossarch name: lowercase, `_` and `.` as `-`, no doubled or edge `-`. */
export function crossarchName(s: string): string {
  const n = s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  return /^[a-z]/.test(n) ? n.slice(0, 32) : `s-${n}`.slice(0, 32);
}

/** `DATABASE_URL` of `web` -> `webDatabaseUrl`. */
function configKey(...parts: string[]): string {
  const words = parts.flatMap((p) => p.split(/[^A-Za-z0-9]+/)).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join("");
}

/** Bytes (compose-go gives memory as a byte count) as MiB. */
const mib = (v: string | number | undefined) => (v === undefined ? undefined : Math.ceil(Number(v) / (1024 * 1024)));

export function mapCompose(loaded: LoadedCompose, options: ImportOptions): ImportResult {
  const dropped: Dropped[] = [];
  const notes: string[] = [];
  const secrets = new Map<string, SecretToSet>();
  const images: Record<string, unknown> = {};
  const services: Record<string, unknown>[] = [];
  const composeNames = Object.keys(loaded.project.services).sort();
  const nameOf = (c: string) => crossarchName(c);
  const drop = (service: string, key: string, why: string, essential: boolean) => dropped.push({ service, key, why, essential });

  // a service others wait for with service_completed_successfully is a once job before them
  const jobBefore = new Map<string, string[]>();
  for (const c of composeNames)
    for (const [dep, d] of Object.entries(loaded.project.services[c].depends_on ?? {}))
      if (d.condition === "service_completed_successfully") jobBefore.set(dep, [...(jobBefore.get(dep) ?? []), nameOf(c)]);

  // compose services reach each other on any port without declaring it: a port another service
  // names (db:5432 in a DATABASE_URL) is a port of that service
  const addresses: { from: string; key: string; service: string; port: number }[] = [];
  for (const c of composeNames)
    for (const [k, v] of Object.entries(loaded.raw.services[c]?.environment ?? {}))
      for (const m of String(v ?? "").matchAll(/(?:^|[/@=\s])([A-Za-z0-9][A-Za-z0-9_.-]*):(\d{2,5})(?![\d])/g))
        if (m[1] in loaded.project.services && m[1] !== c) addresses.push({ from: c, key: k, service: m[1], port: Number(m[2]) });
  const referenced = new Map<string, { port: number; by: string }[]>();
  for (const a of addresses)
    referenced.set(a.service, [...(referenced.get(a.service) ?? []), { port: a.port, by: `${a.from}'s ${a.key}` }]);

  const portsOf = (svc: ComposeService, c?: string) => {
    const fromRefs = (c ? (referenced.get(c) ?? []) : []).map((r) => ({ port: r.port, published: undefined, protocol: "tcp" }));
    const fromPorts = (svc.ports ?? []).map((p) => ({ port: p.target, published: p.published, protocol: p.protocol ?? "tcp" }));
    const fromExpose = (svc.expose ?? []).map((e) => ({
      port: Number(String(e).split("/")[0]),
      published: undefined,
      protocol: String(e).split("/")[1] ?? "tcp",
    }));
    const seen = new Set<number>();
    return [...fromPorts, ...fromExpose, ...fromRefs].filter((p) => !seen.has(p.port) && (seen.add(p.port), true));
  };

  // an env variable several services give the same template (DATABASE_URL) is one secret
  const templateUsers = new Map<string, number>();
  for (const c of composeNames)
    for (const [k, v] of Object.entries(loaded.raw.services[c]?.environment ?? {}))
      templateUsers.set(`${k}=${String(v)}`, (templateUsers.get(`${k}=${String(v)}`) ?? 0) + 1);

  for (const c of composeNames) {
    const svc = loaded.project.services[c];
    const raw = loaded.raw.services[c] ?? {};
    const name = nameOf(c);
    if (name !== c) notes.push(`${c}: named ${name} (crossarch names are lowercase letters, digits and '-')`);
    const out: Record<string, unknown> = { name, image: name };

    // the image: a build in the project, or a ref
    if (svc.build) {
      const context = path.relative(options.projectRoot, svc.build.context);
      if (/^[a-z]+:\/\//.test(svc.build.context) || context.startsWith("..") || path.isAbsolute(context)) {
        drop(
          c,
          "build.context",
          `${svc.build.context} is outside the crossarch project (${options.projectRoot}); builds read only the project`,
          true,
        );
      } else {
        const dockerfile =
          svc.build.dockerfile && svc.build.dockerfile !== "Dockerfile" ? path.join(context, svc.build.dockerfile) : undefined;
        const args = Object.fromEntries(Object.entries(svc.build.args ?? {}).filter((e): e is [string, string] => e[1] !== null));
        const network = svc.build.network === "host" || svc.build.network === "default" ? svc.build.network : undefined;
        const image = {
          build: {
            context: context || ".",
            ...(dockerfile && { dockerfile }),
            ...(svc.build.target && { target: svc.build.target }),
            ...(network && { network }),
            ...(Object.keys(args).length > 0 && { args }),
          },
          ...(svc.platform && { platforms: [svc.platform] }),
        };
        // services built alike (a YAML anchor, the same context and stage) share one image
        const same = Object.entries(images).find(([, other]) => JSON.stringify(other) === JSON.stringify(image));
        if (same) out.image = same[0];
        else images[name] = image;
        for (const k of Object.keys(svc.build).filter(
          (k) => !["context", "dockerfile", "target", "args", "network"].includes(k) && !isEmpty(svc.build?.[k]),
        ))
          drop(c, `build.${k}`, "crossarch builds with context, dockerfile, target, args and network only", false);
        if (svc.image) notes.push(`${c}: image ${svc.image} is the name compose tags its build with; crossarch pushes builds by digest`);
      }
    } else if (svc.image) {
      images[name] = { ref: svc.image, ...(svc.platform && { platforms: [svc.platform] }) };
    }

    // an address by compose service name works on Fargate (Service Connect) only: say which vars
    for (const a of addresses.filter((x) => x.from === c && !kindOf(options.kind).serviceNamesResolve)) {
      const up = crossarchName(a.service).toUpperCase().replace(/-/g, "_");
      notes.push(
        `${c}: ${a.key} names ${a.service}:${a.port}; on ${options.kind} ${a.service} is not a host name: read ${up}_HOST and ${up}_PORT (injected by connects) instead`,
      );
    }
    // ports: published ones make the service public
    for (const r of referenced.get(c) ?? [])
      if (!portsOf(svc).some((p) => p.port === r.port))
        // the declared ports only (no references)
        notes.push(`${c}: port ${r.port} taken from ${r.by} (compose declares none)`);
    const ports = portsOf(svc, c).filter((p) => {
      if (p.protocol === "udp") drop(c, `ports ${p.port}/udp`, "targets route TCP only", true);
      return p.protocol !== "udp";
    });
    const main = ports[0];
    const mapped = ports.map((p, i) => ({
      ...(i > 0 && { name: `p${p.port}` }),
      port: p.port,
      protocol: TCP_PORTS.has(p.port) ? "tcp" : "http",
    }));
    if (mapped.length === 1) {
      out.port = mapped[0].port;
      if (mapped[0].protocol === "tcp") out.protocol = "tcp";
    } else if (mapped.length > 1) out.ports = mapped;
    for (const p of mapped.filter((x) => x.protocol === "http"))
      notes.push(`${c}: port ${p.port} taken as HTTP; set protocol: tcp if it is not`);
    if (ports.some((p) => p.published !== undefined)) {
      if (mapped[0]?.protocol === "http") out.public = true;
      else
        drop(
          c,
          "ports (published)",
          `port ${main?.port} is not HTTP: crossarch publishes HTTP only; it stays reachable by connects`,
          false,
        );
      for (const p of ports.filter((x) => x.published !== undefined && String(x.published) !== String(x.port)))
        notes.push(`${c}: published ${p.published}:${p.port}; crossarch picks the outside port (the stack's urls output has it)`);
    }

    // depends_on: connections, and once jobs ahead of their dependents
    const connects = Object.keys(svc.depends_on ?? {})
      .filter((dep) => svc.depends_on?.[dep].condition !== "service_completed_successfully")
      .filter((dep) => {
        const hasPort = portsOf(loaded.project.services[dep] ?? {}, dep).length > 0;
        if (!hasPort) notes.push(`${c}: depends_on ${dep}, which has no port: nothing to connect to (the order is not kept)`);
        return hasPort;
      })
      .map(nameOf)
      .sort();
    if (connects.length > 0) out.connects = connects;
    const before = jobBefore.get(c);
    if (before) {
      out.job = { run: "once", before: [...new Set(before)].sort() };
      if (out.port !== undefined || out.ports !== undefined) {
        drop(c, "ports", "a once job serves nothing", false);
        delete out.port;
        delete out.ports;
        delete out.protocol;
        delete out.public;
      }
    }

    // health
    const health = mapHealth(c, svc.healthcheck, options.kind, drop, notes, main?.port);
    if (health && !before) out.health = health;
    else if (!before && !main && kindOf(options.kind).health.runsCommand) {
      // compose calls a service without a healthcheck healthy while it runs: the same check
      out.health = { command: ["CMD-SHELL", "kill -0 1"] };
      notes.push(`${c}: no port and no healthcheck; its health is that its main process runs (kill -0 1), as compose judges it`);
    }
    if (svc.healthcheck && before) drop(c, "healthcheck", "a job is judged by its exit code", false);

    // volumes
    const volumes: Record<string, unknown>[] = [];
    for (const v of svc.volumes ?? []) {
      if (v.type === "bind")
        drop(
          c,
          `volumes ${v.source?.startsWith(options.projectRoot) ? path.relative(options.projectRoot, v.source) : v.source}:${v.target}`,
          "a host path: targets run on machines without it; bake the files into the image or use a named volume",
          true,
        );
      else if (v.type === "volume" && v.source)
        volumes.push({ name: crossarchName(v.source).slice(0, 22), path: v.target, persistent: true });
      else if (v.type === "volume" || v.type === "tmpfs")
        volumes.push({
          name: `scratch-${volumes.length}`,
          path: v.target,
          ...(v.tmpfs?.size && !kindOf(options.kind).volumeSizeIgnored.scratch && { size: `${mib(v.tmpfs.size)}Mi` }),
        });
      else drop(c, `volumes ${v.target}`, `a ${v.type} volume has no crossarch equivalent`, true);
      if (v.read_only) drop(c, `volumes ${v.target} (read only)`, "crossarch mounts volumes read-write", false);
    }
    for (const t of svc.tmpfs ?? []) volumes.push({ name: `scratch-${volumes.length}`, path: t.split(":")[0] });
    if (volumes.length > 0) out.volumes = volumes;

    // size and replicas
    const limits = svc.deploy?.resources?.limits;
    const cpus = limits?.cpus !== undefined ? Number(limits.cpus) : undefined;
    const fitted = fitSize(options.kind, cpus, mib(limits?.memory), options.hostCpus ?? 2);
    if (fitted) {
      out.size = { cpu: fitted.cpu, memory: formatMemory(fitted.memoryMiB) };
      for (const r of fitted.roundings) notes.push(`${c}: ${r} (the ${options.kind} grid)`);
    }
    if (svc.deploy?.replicas !== undefined && svc.deploy.replicas !== 1 && !before) out.replicas = svc.deploy.replicas;
    if ((svc.deploy?.resources?.reservations?.devices ?? []).length > 0)
      drop(c, "deploy.resources.reservations.devices", ESSENTIAL.gpus, true);

    if (svc.entrypoint && svc.entrypoint.length > 0) out.entrypoint = svc.entrypoint;
    if (svc.command && svc.command.length > 0) out.args = svc.command;
    if (svc.user !== undefined && svc.user !== "") {
      if (/^\d+(:\d+)?$/.test(svc.user)) out.user = svc.user;
      else drop(c, "user", `${svc.user} is a name; crossarch takes a numeric uid[:gid] (the image's USER applies)`, false);
    }
    out.readOnlyRootFilesystem = svc.read_only === true;

    // environment: secrets by name or by origin become { secret: <key> }
    const env: Record<string, unknown> = {};
    for (const [k, value] of Object.entries(svc.environment ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
      const injectedBy = connects.find((d) => [`_HOST`, `_PORT`, `_URL`].some((x) => k === `${d.toUpperCase().replace(/-/g, "_")}${x}`));
      if (injectedBy) {
        const template = String(raw.environment?.[k] ?? "");
        const carries = /\/\/[^/\s]*@/.test(template) || /:\d+\/\S/.test(template);
        drop(
          c,
          `environment.${k}`,
          `crossarch injects ${k} from the connection to ${injectedBy}, with the address each target gives it${carries ? "; the compose value also carries credentials or a path, which the injected address does not: pass them in another variable" : ""}`,
          carries,
        );
        continue;
      }
      if (k === "PORT") {
        drop(c, "environment.PORT", "crossarch sets PORT from the service's port on every target", false);
        continue;
      }
      const template = String(raw.environment?.[k] ?? value ?? "");
      const vars = [...template.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]);
      const fromEnvFile = vars.filter((v) => loaded.envFileVariables.includes(v));
      const inEnvFile = (loaded.serviceEnvFileVariables?.[c] ?? []).includes(k) && raw.environment?.[k] === value;
      if (value === null || SECRET_NAME.test(k) || inEnvFile || fromEnvFile.length > 0 || vars.some((v) => SECRET_NAME.test(v))) {
        const whole = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(template)?.[1];
        const shared = (templateUsers.get(`${k}=${String(raw.environment?.[k])}`) ?? 0) > 1;
        const key = whole ? configKey(whole) : shared ? configKey(k) : configKey(name, k);
        const entry = secrets.get(key) ?? {
          key,
          usedBy: [],
          from: whole
            ? `\${${whole}}`
            : vars.length > 0
              ? `a value with ${vars.map((v) => `\${${v}}`).join(", ")}`
              : value === null
                ? "the shell's environment"
                : inEnvFile
                  ? "a value from its env_file"
                  : "a literal in the compose file",
        };
        entry.usedBy.push(`${c}.environment.${k}`);
        secrets.set(key, entry);
        env[k] = { secret: key };
      } else env[k] = String(value);
    }
    if (Object.keys(env).length > 0) out.env = env;

    for (const [k, v] of Object.entries(svc)) {
      if (HANDLED.has(k) || isEmpty(v) || (k === "networks" && isDefaultNetworks(v))) continue;
      if (k in ESSENTIAL) drop(c, k, ESSENTIAL[k], true);
      else drop(c, k, NOTE_ONLY[k] ?? "crossarch has no equivalent", !(k in NOTE_ONLY));
    }
    services.push(out);
  }

  const importer = kindOf(options.kind).importer;
  const target = importer?.target({
    ...(options.basePort !== undefined && { basePort: options.basePort }),
    ...(options.location !== undefined && { location: options.location }),
    ...(options.region !== undefined && { region: options.region }),
  });
  const targets = target ? { [target.name]: target.config } : {};
  const config: Record<string, unknown> = {
    app: options.app ?? crossarchName(loaded.project.name || options.stack),
    ...importer?.stackKeys,
    images,
    targets,
    services,
  };
  return { config, dropped, notes, secrets: [...secrets.values()] };
}

/** A value compose-go fills in by default, or empty. */
function isEmpty(v: unknown): boolean {
  return (
    v === null ||
    v === undefined ||
    v === "" ||
    (Array.isArray(v) && v.length === 0) ||
    (typeof v === "object" && Object.keys(v as object).length === 0)
  );
}

function isDefaultNetworks(v: unknown): boolean {
  return typeof v === "object" && v !== null && Object.keys(v).every((k) => k === "default");
}
