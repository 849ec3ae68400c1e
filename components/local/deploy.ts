/** Deploying the `local` target: the machine checked first, the loopback registry, and the LocalTarget component. */
import * as dns from "node:dns/promises";
import type { KindDeployer } from "../model/kind";
import type { Problem } from "../model/problems";
import { assertLocalMachineReady, type Probes } from "./preflight";
import { LocalRegistry } from "./registry";
import type { LocalTargetConfig } from "./schema";
import { LocalTarget } from "./target";

/** Disk space a local target needs free where images and builds go. */
const LOCAL_DISKS = [
  { path: "/var/lib/docker", minFreeGiB: 2 },
  { path: "/var/lib/crossarch-buildkit", minFreeGiB: 2 },
];

async function systemLookup(host: string): Promise<string[]> {
  const found = await dns.lookup(host, { all: true });
  return found.map((a) => a.address);
}

/** The registry's host must resolve to loopback only, so pushes never leave the machine. */
export async function registryOnLoopback(
  name: string,
  address: string,
  lookup: (host: string) => Promise<string[]> = systemLookup,
): Promise<Problem[]> {
  const host = address.replace(/:\d+$/, "");
  const addresses = await lookup(host).catch((e: Error) => [`unresolvable (${e.message})`]);
  const foreign = addresses.filter((a) => !/^127\./.test(a) && a !== "::1");
  return foreign.length > 0 || addresses.length === 0
    ? [
        {
          path: ["targets", name, "registry", "address"],
          message: `${host} resolves to ${addresses.join(", ") || "nothing"}; a local registry must be on 127.0.0.0/8 only`,
        },
      ]
    : [];
}

export const localDeployer: KindDeployer<LocalTargetConfig> = {
  async preflight(ctx) {
    const lookup = ctx.options.lookupHost as ((host: string) => Promise<string[]>) | undefined;
    const problems = await registryOnLoopback(ctx.name, ctx.target.registry.address, lookup);
    if (problems.length > 0) return problems;
    await assertLocalMachineReady(
      ctx.name,
      {
        dockerSocket: "/var/run/docker.sock",
        registry: ctx.target.registry.address,
        ...(ctx.builds && ctx.builder !== undefined && { builder: ctx.builder }),
        arches: [...new Set(ctx.target.arches)],
        disks: LOCAL_DISKS,
      },
      ctx.options.localProbes as Probes | undefined,
    );
    return [];
  },
  foundation(ctx) {
    const r = ctx.target.registry;
    const password = r.passwordSecret ? ctx.secret(r.passwordSecret) : undefined;
    const registry = new LocalRegistry(ctx.name, {
      address: r.address,
      resolvesToLoopback: true, // checked by the preflight before anything was registered
      tls: r.tls,
      namespace: ctx.app,
      ...(r.username !== undefined && { username: r.username }),
      ...(password !== undefined && { password }),
    });
    return { registry };
  },
  deploy(ctx) {
    const target = new LocalTarget(ctx.name, {
      app: ctx.app,
      services: ctx.services,
      basePort: ctx.target.basePort,
      ...(ctx.registry?.login && { registry: ctx.registry.login }),
    });
    return { urls: target.urls, endpoints: target.endpoints };
  },
};
