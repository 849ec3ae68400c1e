/**
 * Before the local target registers anything: is every piece of the machine it needs there?
 * The Docker engine, the loopback registry, the BuildKit builder, QEMU for the foreign arch and
 * disk space. A missing piece is named with what was tried and the command that starts it,
 * instead of a timeout deep inside a build ("context deadline exceeded").
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { ARCH_TABLE, archOfNode, type Arch } from "../model/arch";

/** What the local target needs of this machine. */
export interface LocalNeeds {
  /** The Docker engine's socket. */
  dockerSocket: string;
  /** The loopback registry (`host:port`), reached over HTTPS. */
  registry: string;
  /** A buildx builder name, when builds use one; or one per arch. */
  builder?: string | Partial<Record<Arch, string>>;
  /** The archs replicas run on. */
  arches: readonly Arch[];
  /** Directories builds and images fill, and the free space each needs. */
  disks: {
    /** A directory (`/var/lib/docker`). */
    path: string;
    /** GiB that must be free on its filesystem. */
    minFreeGiB: number;
  }[];
}

/** How the checks reach the machine (tests replace them). */
export interface Probes {
  /** Connect to a unix socket; resolves true when something accepts. */
  socketAnswers(socket: string): Promise<boolean>;
  /** The HTTP status of an HTTPS GET, or an error text. */
  httpsStatus(url: string): Promise<number | string>;
  /** Read a file, or undefined when it is missing. */
  readFile(file: string): string | undefined;
  /** Free bytes on the filesystem holding `dir`, or undefined when it does not exist. */
  freeBytes(dir: string): number | undefined;
  /** This machine's arch. */
  hostArch: Arch;
}

/** The command that sets every piece up again. */
export const BOOTSTRAP = "sudo scripts/bootstrap.sh";

/** The problems found; empty when everything answers. */
export async function localProblems(needs: LocalNeeds, probes: Probes = machineProbes()): Promise<string[]> {
  const problems: string[] = [];
  if (!(await probes.socketAnswers(needs.dockerSocket))) {
    problems.push(`the Docker engine does not answer on ${needs.dockerSocket}; start it with: ${BOOTSTRAP}`);
  }
  const status = await probes.httpsStatus(`https://${needs.registry}/v2/`);
  if (status !== 200 && status !== 401) {
    problems.push(
      `the loopback registry ${needs.registry} does not answer (${typeof status === "number" ? `HTTP ${status}` : status}); start it with: ${BOOTSTRAP}`,
    );
  }
  const builders =
    typeof needs.builder === "object"
      ? needs.arches.flatMap((a) => (needs.builder as Partial<Record<Arch, string>>)[a] ?? [])
      : [needs.builder ?? []].flat();
  for (const builder of new Set(builders)) problems.push(...(await builderProblems(builder, probes)));
  for (const arch of needs.arches) {
    if (arch === probes.hostArch) continue;
    const qemu = `qemu-${ARCH_TABLE[arch].uname}`;
    const entry = probes.readFile(`/proc/sys/fs/binfmt_misc/${qemu}`);
    if (!entry?.startsWith("enabled")) {
      problems.push(
        `QEMU is not registered for ${arch} (/proc/sys/fs/binfmt_misc/${qemu} ${entry === undefined ? "is missing" : "is disabled"}), so ${arch} replicas cannot run here; register it with: ${BOOTSTRAP}`,
      );
    }
  }
  for (const disk of needs.disks) {
    const free = probes.freeBytes(disk.path);
    if (free !== undefined && free < disk.minFreeGiB * 1024 ** 3) {
      problems.push(
        `only ${(free / 1024 ** 3).toFixed(1)} GiB free on ${disk.path}; image builds and pulls need ${disk.minFreeGiB} GiB: free space, e.g. with sudo scripts/destroy-local.sh --all`,
      );
    }
  }
  return problems;
}

/** The buildx builder: registered in DOCKER_CONFIG, and its endpoint answering. */
async function builderProblems(builder: string, probes: Probes): Promise<string[]> {
  const dir = process.env.DOCKER_CONFIG ?? path.join(os.homedir(), ".docker");
  const file = path.join(dir, "buildx", "instances", builder);
  const text = probes.readFile(file);
  if (text === undefined) return [`no buildx builder named ${builder} (${file} is missing); register it with: ${BOOTSTRAP}`];
  let endpoint: string | undefined;
  try {
    endpoint = (JSON.parse(text) as { Nodes?: { Endpoint?: string }[] }).Nodes?.[0]?.Endpoint;
  } catch {
    return [`the buildx builder file ${file} is not JSON; write it again with: ${BOOTSTRAP}`];
  }
  if (!endpoint?.startsWith("unix://")) return []; // remote over TCP or another driver: buildx reports those itself
  const socket = endpoint.slice("unix://".length);
  return (await probes.socketAnswers(socket))
    ? []
    : [`the BuildKit builder ${builder} does not answer on ${endpoint}; start it with: ${BOOTSTRAP}`];
}

/** Throw one error listing every problem, before anything is registered. */
export async function assertLocalMachineReady(target: string, needs: LocalNeeds, probes?: Probes): Promise<void> {
  const problems = await localProblems(needs, probes);
  if (problems.length > 0) {
    throw new pulumi.RunError(
      `local target ${target} cannot run on this machine; nothing was deployed:\n${problems.map((p) => `  - ${p}`).join("\n")}`,
    );
  }
}

/** The real machine, each probe bounded to 5 s. */
export function machineProbes(): Probes {
  return {
    socketAnswers: (socket) =>
      new Promise((resolve) => {
        const conn = net.createConnection({ path: socket });
        const done = (ok: boolean) => {
          conn.destroy();
          resolve(ok);
        };
        conn.setTimeout(5000, () => done(false));
        conn.once("connect", () => done(true));
        conn.once("error", () => done(false));
      }),
    httpsStatus: (url) =>
      new Promise((resolve) => {
        const req = (url.startsWith("https:") ? https : http).get(url, { timeout: 5000 }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.once("timeout", () => req.destroy(new TypeError("no answer within 5s")));
        req.once("error", (e) => resolve(e.message));
      }),
    readFile: (file) => {
      try {
        return fs.readFileSync(file, "utf8");
      } catch {
        return undefined;
      }
    },
    freeBytes: (dir) => {
      try {
        const s = fs.statfsSync(dir);
        return s.bavail * s.bsize;
      } catch {
        return undefined;
      }
    },
    hostArch: archOfNode(process.arch) ?? "amd64",
  };
}
