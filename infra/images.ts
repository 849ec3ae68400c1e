/**
 * The images of a stack: each built image once per arch, pushed to the registry of every
 * target that runs it; external refs pinned to the digest their tag names at preview, after the
 * arch guard has read them.
 */
import { archGuard, kindOf, parseImageRef, type Problem } from "@crossarch/components/model";
import {
  dockerConfigCredentials,
  mirrored,
  MultiArchImage,
  parseMirrors,
  readImageIndex,
  type ImageIndex,
} from "@crossarch/components/image";
import type { ImageRegistry } from "@crossarch/components/registry";
import { ConfigError } from "./config";
import type { Deployment, StackPlan } from "./plan";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

/** Reads an image's digest and platform entries (tests pass a fake). */
export type ImageReader = (ref: string) => Promise<ImageIndex>;

/**
 * The default reader: through the mirror `CROSSARCH_REGISTRY_MIRROR` names for the image's
 * registry, if any, with the Docker config's login for the host it reads.
 */
export function registryReader(env: NodeJS.ProcessEnv = process.env): ImageReader {
  let mirrors: Record<string, string>;
  try {
    mirrors = parseMirrors(env.CROSSARCH_REGISTRY_MIRROR);
  } catch (e) {
    throw new pulumi.RunError((e as Error).message); // the machine's setting, said without a stack trace
  }
  return (ref) => {
    const from = mirrored(ref, mirrors);
    const host = parseImageRef(from)?.registry ?? "";
    const credentials = dockerConfigCredentials(host, env);
    return readImageIndex(from, credentials ? { credentials } : {});
  };
}

/** What reading the external images found, before anything is registered. */
export interface ExternalImages {
  /** Per image: the platforms its index holds (read where the config declares none). */
  platforms: Record<string, string[]>;
  /** Per image: the reference deployed, pinned to a digest (`repository@sha256:...`). */
  pinned: Record<string, string>;
}

/**
 * Resolve every external ref a deployment uses: a ref given by tag is read and pinned to the
 * digest its registry has now (what is deployed; a later push of the tag upstream shows as a
 * diff), and the arch guard reads the index of a ref whose platforms the config does not
 * declare, refusing any deployment whose arch it lacks. Before anything is registered.
 */
export async function guardExternalImages(plan: StackPlan, read: ImageReader = registryReader()): Promise<ExternalImages> {
  const problems: Problem[] = [];
  const found: ExternalImages = { platforms: {}, pinned: {} };
  for (const [name, image] of Object.entries(plan.config.images)) {
    if (image.ref === undefined) continue;
    const users = plan.deployments.filter((d) => d.image.name === name);
    if (users.length === 0) continue;
    const parsed = parseImageRef(image.ref);
    if (parsed?.digest !== undefined) found.pinned[name] = image.ref;
    if (parsed?.digest !== undefined && image.platforms !== undefined) continue;
    let index: ImageIndex;
    try {
      index = await read(image.ref);
    } catch (e) {
      const skip = parsed?.digest === undefined ? "pin it with @sha256:<digest>" : "declare platforms to skip reading it";
      const mirror =
        parsed?.digest === undefined ? " (on a machine that cannot reach the registry, name a mirror in CROSSARCH_REGISTRY_MIRROR)" : "";
      problems.push({ path: ["images", name, "ref"], message: `${(e as Error).message}; ${skip}${mirror}` });
      continue;
    }
    if (parsed?.digest === undefined && parsed !== undefined) {
      const registry = image.ref.startsWith(`${parsed.registry}/`) ? `${parsed.registry}/` : "";
      const repository = registry ? image.ref.slice(registry.length).split(/[:@]/)[0] : image.ref.split(/[:@]/)[0];
      found.pinned[name] = `${registry}${repository}@${index.digest}`;
    }
    if (image.platforms !== undefined) continue;
    const platforms = index.platforms.map((p) => p.platform);
    found.platforms[name] = platforms;
    const seen = new Set<string>();
    for (const d of users) {
      for (const p of archGuard({
        image: `${name} (${image.ref})`,
        target: `${d.target} (${kindOf(d.kind).title})`,
        arch: d.arch,
        platforms,
      })) {
        if (!seen.has(p.message)) problems.push({ path: ["images", name, "ref"], message: p.message });
        seen.add(p.message);
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return found;
}

/** The platforms each image contains: built or declared in config, or read from its registry. */
export function imagePlatforms(plan: StackPlan, external: ExternalImages): Record<string, string[]> {
  const read = external.platforms;
  return Object.fromEntries(
    Object.entries(plan.config.images).map(([name, image]) => [
      name,
      image.platforms ?? read[name] ?? (image.build ? ["linux/amd64", "linux/arm64"] : []),
    ]),
  );
}

/**
 * Build every image a deployment uses or a release pushes: to the registries of the targets that
 * run it, and to the release registries it names, with its release tags.
 */
export function buildImages(
  plan: StackPlan,
  registries: Record<string, ImageRegistry>,
  releaseRegistries: Record<string, ImageRegistry> = {},
): Record<string, MultiArchImage> {
  const images: Record<string, MultiArchImage> = {};
  for (const [name, image] of Object.entries(plan.config.images)) {
    if (image.build === undefined) continue;
    const targets = [...new Set(plan.deployments.filter((d) => d.image.name === name).map((d) => d.target))];
    const releases = plan.images.find((p) => p.name === name)?.releases ?? [];
    if (targets.length === 0 && releases.length === 0) continue;
    images[name] = new MultiArchImage(name, {
      image: name,
      context: fromProgramDir(image.build.context),
      dockerfile: fromProgramDir(image.build.dockerfile ?? `${image.build.context}/Dockerfile`),
      ...(image.build.target !== undefined && { target: image.build.target }),
      buildArgs: image.build.args,
      platforms: (image.platforms ?? ["linux/amd64", "linux/arm64"]).map((p) => (p === "linux/amd64" ? "amd64" : "arm64")),
      destinations: [
        ...targets.map((t) => ({ name: t, registry: registries[t] })),
        ...releases.map((r) => ({ name: r.registry, registry: releaseRegistries[r.registry], repository: r.repository, tags: r.tags })),
      ],
      ...(plan.config.builder !== undefined && { builder: plan.config.builder }),
      ...(image.build.network !== undefined && { network: image.build.network }),
    });
  }
  return images;
}

/** The project root (where Pulumi.yaml is): config paths are relative to it. */
const PROJECT_ROOT = path.resolve(__dirname, "..");

/**
 * A config path (relative to the project root) as the providers need it: relative to the
 * program's working directory, which Pulumi sets to `main` (infra/). Relative, so it is the same
 * on every checkout.
 */
export function fromProgramDir(projectPath: string): string {
  return path.relative(process.cwd(), path.join(PROJECT_ROOT, projectPath)) || ".";
}

/**
 * The digest-pinned reference a deployment runs: the index, except on the local engine, which
 * runs each arch's own manifest (its image store holds one platform per reference).
 */
export function imageRefFor(
  plan: StackPlan,
  images: Record<string, MultiArchImage>,
  d: Deployment,
  pinned: Record<string, string> = {},
): pulumi.Output<string> {
  const built = images[d.image.name];
  if (!built) return pulumi.output(pinned[d.image.name] ?? plan.config.images[d.image.name].ref ?? "");
  return kindOf(d.kind).runsEachArch ? (built.archRefs[d.target][d.arch] as pulumi.Output<string>) : built.refs[d.target];
}
