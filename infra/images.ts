/**
 * The images of a stack: each built image once per arch, pushed to the registry of every
 * target that runs it; external refs are used as they are, after the arch guard has read them.
 */
import { archGuard, type Problem, TARGET_KIND_NAMES } from "@crossarch/components/model";
import { MultiArchImage, readImagePlatforms } from "@crossarch/components/image";
import type { ImageRegistry } from "@crossarch/components/registry";
import { ConfigError } from "./config";
import type { Deployment, StackPlan } from "./plan";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

/** Reads an image's platform entries (tests pass a fake). */
export type PlatformReader = (ref: string) => Promise<string[]>;

/**
 * The arch guard for external refs whose platforms the config does not declare: read each
 * index once and refuse any deployment whose arch it lacks, before anything is registered.
 */
export async function guardExternalImages(
  plan: StackPlan,
  read: PlatformReader = (ref) => readImagePlatforms(ref),
): Promise<Record<string, string[]>> {
  const problems: Problem[] = [];
  const found: Record<string, string[]> = {};
  for (const [name, image] of Object.entries(plan.config.images)) {
    if (image.ref === undefined || image.platforms !== undefined) continue;
    const users = plan.deployments.filter((d) => d.image === name);
    if (users.length === 0) continue;
    let platforms: string[];
    try {
      platforms = await read(image.ref);
      found[name] = platforms;
    } catch (e) {
      problems.push({ path: ["images", name, "ref"], message: `${(e as Error).message}; declare platforms to skip reading it` });
      continue;
    }
    const seen = new Set<string>();
    for (const d of users) {
      for (const p of archGuard({
        image: `${name} (${image.ref})`,
        target: `${d.target} (${TARGET_KIND_NAMES[d.kind]})`,
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
export function imagePlatforms(plan: StackPlan, read: Record<string, string[]>): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(plan.config.images).map(([name, image]) => [
      name,
      image.platforms ?? read[name] ?? (image.build ? ["linux/amd64", "linux/arm64"] : []),
    ]),
  );
}

/** Build every image a deployment uses, pushed to the registries of the targets that run it. */
export function buildImages(plan: StackPlan, registries: Record<string, ImageRegistry>): Record<string, MultiArchImage> {
  const images: Record<string, MultiArchImage> = {};
  for (const [name, image] of Object.entries(plan.config.images)) {
    if (image.build === undefined) continue;
    const targets = [...new Set(plan.deployments.filter((d) => d.image === name).map((d) => d.target))];
    if (targets.length === 0) continue;
    images[name] = new MultiArchImage(name, {
      image: name,
      context: fromProgramDir(image.build.context),
      dockerfile: fromProgramDir(image.build.dockerfile ?? `${image.build.context}/Dockerfile`),
      ...(image.build.target !== undefined && { target: image.build.target }),
      buildArgs: image.build.args,
      platforms: (image.platforms ?? ["linux/amd64", "linux/arm64"]).map((p) => (p === "linux/amd64" ? "amd64" : "arm64")),
      destinations: targets.map((t) => ({ name: t, registry: registries[t] })),
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
export function imageRefFor(plan: StackPlan, images: Record<string, MultiArchImage>, d: Deployment): pulumi.Output<string> {
  const built = images[d.image];
  if (!built) return pulumi.output(plan.config.images[d.image].ref ?? "");
  return d.kind === "local" ? (built.archRefs[d.target][d.arch] as pulumi.Output<string>) : built.refs[d.target];
}
