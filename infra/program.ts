/**
 * The Pulumi program: stack config -> plan -> exports. Config is read and checked in full
 * before anything is registered, so a bad config deploys nothing.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { AcrTokenExchange } from "@crossarch/components/azure";
import { formatMemory, platformOf } from "@crossarch/components/model";
import type { Probes } from "@crossarch/components/local";
import { loadStackPlan } from "./config";
import { buildImages, guardExternalImages, imagePlatforms, imageRefFor, type ImageReader } from "./images";
import type { StackPlan } from "./plan";
import { createProviders } from "./providers";
import { createRegistries, loadDeployers, preflightTargets } from "./registries";
import { createTargets, type TargetEndpoints, type TargetUrls } from "./targets";

/** The stack outputs: what runs where, at what size. */
export interface ProgramOutputs {
  app: string;
  stack: string;
  deployments: {
    service: string;
    target: string;
    kind: string;
    arch: string;
    platform: string;
    cpu: number;
    memory: string;
    replicas: number;
    /** The digest-pinned image the deployment runs. */
    image: pulumi.Output<string> | string;
  }[];
  /** Built images: the platforms they contain and their reference in each target's registry. */
  images: Record<string, { platforms: string[]; refs: Record<string, pulumi.Output<string>> }>;
  /** Per target, per public service: its URL. */
  urls: TargetUrls;
  /** Per local target, every replica's main port, public or not. */
  endpoints: TargetEndpoints;
  /** Per released image, per release registry: the index by digest, each release tag, each platform's digest. */
  releases: Record<string, Record<string, ReleaseOutput>>;
  budgets: { target: string; used: string; budget: string; fits: boolean }[];
}

/** One image in one release registry. */
export interface ReleaseOutput {
  /** `repository@sha256:...` of the index. */
  index: pulumi.Output<string> | string;
  /** Per release tag: `repository:tag@sha256:...`. */
  tags: Record<string, pulumi.Output<string> | string>;
  /** Per platform: the digest of its image manifest. */
  platforms: Record<string, pulumi.Output<string> | string>;
}

/** The release outputs of the built images. */
function releasesOf(plan: StackPlan, images: Built["images"]): ProgramOutputs["releases"] {
  return Object.fromEntries(
    plan.images
      .filter((p) => p.releases.length > 0 && images[p.name])
      .map((p) => {
        const img = images[p.name];
        const platforms = Object.fromEntries(img.arches.map((a) => [platformOf(a), img.digests[a] as pulumi.Output<string>]));
        return [
          p.name,
          Object.fromEntries(
            p.releases.map((r) => [r.registry, { index: img.refs[r.registry], tags: img.tagRefs[r.registry] ?? {}, platforms }]),
          ),
        ];
      }),
  );
}

/** Summarise a plan as outputs. */
export function outputsOf(plan: StackPlan, built: Built = { images: {} }): ProgramOutputs {
  return {
    app: plan.app,
    stack: plan.stack,
    deployments: plan.deployments.map((d) => ({
      service: d.name,
      target: d.target,
      kind: d.kind,
      arch: d.arch,
      platform: d.platform,
      cpu: d.size.cpu,
      memory: formatMemory(d.size.memoryMiB),
      replicas: d.replicas,
      image: imageRefFor(plan, built.images, d, built.pinned),
    })),
    urls: built.urls ?? {},
    endpoints: built.endpoints ?? {},
    releases: releasesOf(plan, built.images),
    images: Object.fromEntries(Object.entries(built.images).map(([name, img]) => [name, { platforms: img.platforms, refs: img.refs }])),
    budgets: plan.budgets.map((b) => ({
      target: b.target,
      used: `${b.use.used.cpu} vCPU / ${formatMemory(b.use.used.memoryMiB)}`,
      budget: `${b.use.budget.cpu} vCPU / ${formatMemory(b.use.budget.memoryMiB)}`,
      fits: b.use.fits,
    })),
  };
}

/** What the program registered that outputs refer to. */
interface Built {
  images: ReturnType<typeof buildImages>;
  /** External refs pinned to a digest at preview. */
  pinned?: Record<string, string>;
  urls?: TargetUrls;
  endpoints?: TargetEndpoints;
}

/** Options for tests. */
export interface ProgramOptions {
  /** Reads an external image's digest and platforms; default: from its registry (or its mirror). */
  readImage?: ImageReader;
  /**
   * Exchanges an AAD token for ACR push credentials; default: the registry's token endpoint, or
   * the URL in `CROSSARCH_ACR_EXCHANGE_URL` (a proxy; the stand-in e2e serves one on loopback).
   */
  acrTokenExchange?: AcrTokenExchange;
  /** Resolves a host name to its addresses; default: the system resolver. */
  lookupHost?: (host: string) => Promise<string[]>;
  /** How local targets probe this machine (engine, registry, builder, QEMU, disk); default: for real. */
  localProbes?: Probes;
}

/**
 * Run the program for the current stack. Everything that can refuse the config (schema,
 * grids, ranges, budgets, the arch guard) runs before the first resource is registered.
 */
export async function program(options: ProgramOptions = {}): Promise<ProgramOutputs> {
  const plan = loadStackPlan();
  const external = await guardExternalImages(plan, options.readImage);
  const deployers = await loadDeployers(plan);
  // the kinds' own hooks: ACR token exchange, host lookups, local machine probes
  const hooks = { ...options };
  await preflightTargets(plan, deployers, hooks);
  const providers = createProviders(plan, deployers);
  const foundations = createRegistries(plan, providers, deployers, hooks);
  const images = buildImages(plan, foundations.registries, foundations.releaseRegistries);
  const { urls, endpoints } = createTargets(
    plan,
    providers,
    deployers,
    foundations,
    images,
    imagePlatforms(plan, external),
    external.pinned,
    hooks,
  );
  return outputsOf(plan, { images, urls, endpoints, pinned: external.pinned });
}
