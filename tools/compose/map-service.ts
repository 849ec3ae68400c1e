/**
 * The steps that map one compose service to a crossarch service, in the order `mapService`
 * takes them: each writes its keys into the service (in the order the stack file shows them)
 * and says what it drops or guesses.
 */
import * as path from "node:path";
import type { ComposeService } from "./load";
import { mapHealth } from "./map-health";
import { formatMemory, kindOf } from "@crossarch/components/model";
import { fitSize } from "./sizes";
import { ESSENTIAL, HANDLED, NOTE_ONLY, TCP_PORTS } from "./rules";
import { crossarchName } from "./names";
import { declaredPorts, type Mapping } from "./map-project";

/** The crossarch service being written. */
export type Out = Record<string, unknown>;

/** A port of the service as compose gives it. */
export type ComposePort = ReturnType<typeof declaredPorts>[number];

/** Bytes (compose-go gives memory as a byte count) as MiB. */
const mib = (v: string | number | undefined) => (v === undefined ? undefined : Math.ceil(Number(v) / (1024 * 1024)));

/** The image: a build in the project, or a ref. */
export function mapImage(m: Mapping, c: string, svc: ComposeService, name: string, out: Out): void {
  const { options, images, drop, notes } = m;
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
}

/** An address by compose service name works on Fargate (Service Connect) only: say which vars. */
export function mapAddresses(m: Mapping, c: string): void {
  for (const a of m.addresses.filter((x) => x.from === c && !kindOf(m.options.kind).serviceNamesResolve)) {
    const up = crossarchName(a.service).toUpperCase().replace(/-/g, "_");
    m.notes.push(
      `${c}: ${a.key} names ${a.service}:${a.port}; on ${m.options.kind} ${a.service} is not a host name: read ${up}_HOST and ${up}_PORT (injected by connects) instead`,
    );
  }
}

/** Ports: TCP ones only; published ones make the service public. Returns the main port. */
export function mapPorts(m: Mapping, c: string, svc: ComposeService, out: Out): ComposePort | undefined {
  const { drop, notes } = m;
  for (const r of m.referenced.get(c) ?? [])
    if (!declaredPorts(m, svc).some((p) => p.port === r.port))
      // the declared ports only (no references)
      notes.push(`${c}: port ${r.port} taken from ${r.by} (compose declares none)`);
  const ports = declaredPorts(m, svc, c).filter((p) => {
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
      drop(c, "ports (published)", `port ${main?.port} is not HTTP: crossarch publishes HTTP only; it stays reachable by connects`, false);
    for (const p of ports.filter((x) => x.published !== undefined && String(x.published) !== String(x.port)))
      notes.push(`${c}: published ${p.published}:${p.port}; crossarch picks the outside port (the stack's urls output has it)`);
  }
  return main;
}

/** depends_on: connections to the services with a port (the others' order is not kept). Returns them. */
export function mapConnects(m: Mapping, c: string, svc: ComposeService, out: Out): string[] {
  const connects = Object.keys(svc.depends_on ?? {})
    .filter((dep) => svc.depends_on?.[dep].condition !== "service_completed_successfully")
    .filter((dep) => {
      const hasPort = declaredPorts(m, m.loaded.project.services[dep] ?? {}, dep).length > 0;
      if (!hasPort) m.notes.push(`${c}: depends_on ${dep}, which has no port: nothing to connect to (the order is not kept)`);
      return hasPort;
    })
    .map((dep) => crossarchName(dep))
    .sort();
  if (connects.length > 0) out.connects = connects;
  return connects;
}

/** A service others wait for to complete: a once job ahead of its dependents, serving nothing. Returns those dependents. */
export function mapJob(m: Mapping, c: string, out: Out): string[] | undefined {
  const before = m.jobBefore.get(c);
  if (before) {
    out.job = { run: "once", before: [...new Set(before)].sort() };
    if (out.port !== undefined || out.ports !== undefined) {
      m.drop(c, "ports", "a once job serves nothing", false);
      delete out.port;
      delete out.ports;
      delete out.protocol;
      delete out.public;
    }
  }
  return before;
}

/** Health: the healthcheck where the target can run it; a job is judged by its exit code instead. */
export function mapHealthOf(m: Mapping, c: string, svc: ComposeService, out: Out, before: string[] | undefined, main?: ComposePort): void {
  const { options, drop, notes } = m;
  const health = mapHealth(c, svc.healthcheck, options.kind, drop, notes, main?.port);
  if (health && !before) out.health = health;
  else if (!before && !main && kindOf(options.kind).health.runsCommand) {
    // compose calls a service without a healthcheck healthy while it runs: the same check
    out.health = { command: ["CMD-SHELL", "kill -0 1"] };
    notes.push(`${c}: no port and no healthcheck; its health is that its main process runs (kill -0 1), as compose judges it`);
  }
  if (svc.healthcheck && before) drop(c, "healthcheck", "a job is judged by its exit code", false);
}

/** Volumes: named ones persistent, anonymous ones and tmpfs scratch; host paths dropped. */
export function mapVolumes(m: Mapping, c: string, svc: ComposeService, out: Out): void {
  const { options, drop } = m;
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
}

/** Size (fitted to the target's grid) and replicas (one for a job); devices dropped. */
export function mapSize(m: Mapping, c: string, svc: ComposeService, out: Out, before: string[] | undefined): void {
  const { options, drop, notes } = m;
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
}

/** The process: entrypoint, command (as args), a numeric user, and whether its root filesystem is read-only. */
export function mapProcess(m: Mapping, c: string, svc: ComposeService, out: Out): void {
  if (svc.entrypoint && svc.entrypoint.length > 0) out.entrypoint = svc.entrypoint;
  if (svc.command && svc.command.length > 0) out.args = svc.command;
  if (svc.user !== undefined && svc.user !== "") {
    if (/^\d+(:\d+)?$/.test(svc.user)) out.user = svc.user;
    else m.drop(c, "user", `${svc.user} is a name; crossarch takes a numeric uid[:gid] (the image's USER applies)`, false);
  }
  out.readOnlyRootFilesystem = svc.read_only === true;
}

/** Every other key: dropped, as essential or not. */
export function mapDropped(m: Mapping, c: string, svc: ComposeService): void {
  for (const [k, v] of Object.entries(svc)) {
    if (HANDLED.has(k) || isEmpty(v) || (k === "networks" && isDefaultNetworks(v))) continue;
    if (k in ESSENTIAL) m.drop(c, k, ESSENTIAL[k], true);
    else m.drop(c, k, NOTE_ONLY[k] ?? "crossarch has no equivalent", !(k in NOTE_ONLY));
  }
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
