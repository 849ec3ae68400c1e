/**
 * Images as release artefacts: variants expanded into images (a bake matrix: one Dockerfile,
 * N stages or build-arg sets), and release tags rendered from templates over
 * `crossarch:version` and the variant, per release registry an image is pushed to.
 *
 * `images.cache` with `variants: [{name: valkey}, {name: redis}]` becomes the images
 * `cache-valkey` and `cache-redis` (what services name). Both go to the release repository
 * `<registry>/<namespace>/cache`, told apart by their tags: a template with {variant} tags every
 * variant, a template without it (`{version}`, `latest`) tags the first variant only.
 */
import type { Problem } from "@crossarch/components/model";
import type { ImageConfig, ParsedConfig } from "./config-schema";

/** Where one image goes as a release, with its rendered tags. */
export interface ReleaseDestination {
  /** Key of crossarch:registries. */
  registry: string;
  /** Repository name under the registry's namespace: the declared image's name. */
  repository: string;
  tags: { name: string; mutable: boolean }[];
}

/** One image of the expanded matrix. */
export interface ImagePlan {
  /** Expanded name: `<image>` or `<image>-<variant>`. */
  name: string;
  /** The declared image. */
  declared: string;
  variant?: string;
  /** The config path it comes from (`images.cache` or `images.cache.variants[1]`). */
  from: (string | number)[];
  releases: ReleaseDestination[];
}

/** The default templates: {version}, and {version}-{variant} when there are variants. */
export function defaultTags(image: ImageConfig): string[] {
  return image.variants ? ["{version}", "{version}-{variant}"] : ["{version}"];
}

/** Render a template; `undefined` when it does not apply to this variant (no {variant}, not the first). */
export function renderTag(template: string, version: string, variant: string | undefined, first: boolean): string | undefined {
  if (variant !== undefined && !template.includes("{variant}") && !first) return undefined;
  return template
    .split("{version}")
    .join(version)
    .split("{variant}")
    .join(variant ?? "");
}

/** Expand variants into images and render release tags; problems sit at the declaring keys. */
export function expandImages(config: ParsedConfig): { images: ParsedConfig["images"]; plans: ImagePlan[]; problems: Problem[] } {
  const images: ParsedConfig["images"] = {};
  const plans: ImagePlan[] = [];
  const problems: Problem[] = [];
  for (const [declared, image] of Object.entries(config.images)) {
    const at = ["images", declared];
    if (image.variants && !image.build)
      problems.push({ path: [...at, "variants"], message: "needs build: variants are stages or build args of one Dockerfile" });
    if (image.push && !image.build)
      problems.push({
        path: [...at, "push"],
        message: "needs build: crossarch publishes the images it builds, and copies no external ref",
      });
    if ((image.tags || image.mutableTags.some((t) => t !== "latest")) && !image.push)
      problems.push({
        path: [...at, image.tags ? "tags" : "mutableTags"],
        message: "has no effect without push: name the registries to push the image to",
      });
    const templates = image.tags ?? defaultTags(image);
    const usesVersion = templates.some((t) => t.includes("{version}"));
    if (image.push && usesVersion && config.version === undefined)
      problems.push({
        path: [...at, image.tags ? "tags" : "push"],
        message: `${image.tags ? "use" : "the default tags use"} {version}: set crossarch:version (pulumi config set crossarch:version 1.4.0)${image.tags ? "" : ", or give tags"}`,
      });
    if (!image.variants && templates.some((t) => t.includes("{variant}")))
      problems.push({ path: [...at, "tags"], message: "{variant} needs variants: this image has none" });
    image.mutableTags.forEach((m, i) => {
      if (image.tags && !image.tags.includes(m) && m !== "latest")
        problems.push({ path: [...at, "mutableTags", i], message: `${JSON.stringify(m)} is not one of tags (${image.tags.join(", ")})` });
    });
    (image.push ?? []).forEach((r, i) => {
      if (!(r in config.registries))
        problems.push({
          path: [...at, "push", i],
          message: `${JSON.stringify(r)} is not declared in crossarch:registries; declared: ${Object.keys(config.registries).join(", ") || "none"}`,
        });
    });
    const variants = image.variants ?? [undefined];
    const names = variants.map((v) => v?.name);
    variants.forEach((v, i) => {
      if (v && names.indexOf(v.name) !== i)
        problems.push({
          path: [...at, "variants", i, "name"],
          message: `${JSON.stringify(v.name)} is already the name of variants[${names.indexOf(v.name)}]`,
        });
    });
    variants.forEach((v, i) => {
      const name = v ? `${declared}-${v.name}` : declared;
      const from = v ? [...at, "variants", i] : at;
      if (v && name in config.images)
        problems.push({ path: [...from, "name"], message: `makes the image ${name}, which crossarch:images declares too` });
      const { variants: _v, ...rest } = image;
      images[name] = v
        ? {
            ...rest,
            build: image.build && { ...image.build, ...(v.target && { target: v.target }), args: { ...image.build.args, ...v.args } },
          }
        : rest;
      const tags = (image.push ? templates : []).flatMap((t) => {
        const tag = renderTag(t, config.version ?? "", v?.name, i === 0);
        const mutable = image.mutableTags.includes(t) || (tag !== undefined && image.mutableTags.includes(tag));
        return tag === undefined ? [] : [{ name: tag, mutable }];
      });
      for (const tag of tags)
        if (!/^[\w][\w.-]{0,127}$/.test(tag.name))
          problems.push({ path: [...at, "tags"], message: `renders the tag ${JSON.stringify(tag.name)}, which is not a valid tag` });
      plans.push({
        name,
        declared,
        ...(v && { variant: v.name }),
        from,
        releases: (image.push ?? []).map((registry) => ({ registry, repository: declared, tags })),
      });
    });
  }
  return { images, plans, problems };
}

/**
 * What an image-only stack and release registries need: something to do (a service, or an
 * image pushed somewhere), targets for services, every image used or pushed, every registry
 * pushed to, expanded names that registries take.
 */
export function checkReleaseUse(config: ParsedConfig, plans: ImagePlan[]): Problem[] {
  const problems: Problem[] = [];
  const pushed = plans.filter((p) => p.releases.length > 0);
  if (config.services.length === 0 && pushed.length === 0)
    problems.push({
      path: ["services"],
      message:
        "declare at least one service, or push an image (images.<name>.push, naming a key of crossarch:registries) for an image-only stack",
    });
  if (config.services.length > 0 && Object.keys(config.targets).length === 0)
    problems.push({ path: ["targets"], message: "declare at least one target for the services to run on" });
  const used = new Set(config.services.map((s) => s.image));
  const declared = new Map<string, ImagePlan[]>();
  for (const p of plans) declared.set(p.declared, [...(declared.get(p.declared) ?? []), p]);
  for (const [name, group] of declared) {
    if (group.some((p) => used.has(p.name) || p.releases.length > 0)) continue;
    const names = group.map((p) => p.name);
    problems.push({
      path: ["images", name],
      message: `${names.length > 1 ? `expands to ${names.join(", ")}; none is` : "is"} used by no service and pushed nowhere: name it in a service's image, give it push, or remove it`,
    });
  }
  for (const p of plans)
    if (p.name.length > 32)
      problems.push({
        path: [...p.from, ...(p.variant ? ["name"] : [])],
        message: `makes the image name ${p.name}, ${p.name.length} characters; at most 32`,
      });
  for (const name of Object.keys(config.registries))
    if (name in config.targets)
      problems.push({
        path: ["registries", name],
        message: `is also the name of a target; give the registry another name (${name}-release)`,
      });
  if (config.version !== undefined && pushed.length === 0)
    problems.push({ path: ["version"], message: "has no effect: no image is pushed (images.<name>.push), and only release tags read it" });
  const pushedTo = new Set(pushed.flatMap((p) => p.releases.map((r) => r.registry)));
  for (const name of Object.keys(config.registries))
    if (!pushedTo.has(name))
      problems.push({ path: ["registries", name], message: "has no effect: no image pushes to it (images.<name>.push)" });
  return problems;
}
