/**
 * MultiArchImage: one docker-build `Image` per platform (so each platform has its own
 * registry cache), pushed by digest to every destination registry, joined per registry by an
 * `Index` into one manifest list. Deployments use the digest-pinned `refs`.
 */
import { createHash } from "node:crypto";
import * as dockerbuild from "@pulumi/docker-build";
import * as pulumi from "@pulumi/pulumi";
import { ARCHES, platformOf, type Arch, type Platform } from "../model/arch";
import { throwIfProblems } from "../model/problems";
import type { ImageRegistry } from "./login";
import { digestOf } from "./image-ref";
import { ReleaseTag } from "./release-tag";
import { validateImageArgs } from "./validate";

/** A registry the image goes to. */
export interface ImageDestination {
  /** Key of this destination in `refs` and part of resource names (e.g. the target name). */
  name: string;
  /** The registry to push to (its login, repositories and build-cache repositories). */
  registry: ImageRegistry;
  /**
   * The repository name in this registry (variants of a release share one).
   * @default the image name (`image`)
   */
  repository?: string;
  /** Release tags to put on the index here (`1.4.0`, `latest`); immutable unless `mutable`. */
  tags?: {
    /** The tag. */
    name: string;
    /** A mutable tag (`latest`) may move to other content; an immutable one may not. */
    mutable: boolean;
  }[];
}

/** The inputs of {@link MultiArchImage}. */
export interface MultiArchImageArgs {
  /** Image name: the last part of each repository (`app` -> `<registry>/<namespace>/app`). */
  image: string;
  /** Build context, relative to the project root (absolute paths would differ between checkouts and force rebuilds). */
  context: string;
  /**
   * Dockerfile, relative to the project root.
   * @default `<context>/Dockerfile`
   */
  dockerfile?: string;
  /** Dockerfile stage to build: variants of one Dockerfile are images with different targets. */
  target?: string;
  /**
   * Build arguments (`ARG`s of the Dockerfile).
   * @default {}
   */
  buildArgs?: Record<string, pulumi.Input<string>>;
  /**
   * Archs to build.
   * @default ["amd64", "arm64"]
   */
  platforms?: Arch[];
  /** Where to push; the first destination also holds the per-platform build cache. */
  destinations: ImageDestination[];
  /**
   * Cache each platform's layers in the first registry (`<repo>:cache-<arch>`, or
   * `<repo>:cache-<image>-<arch>` in a repository variants share).
   * @default true
   */
  cache?: boolean;
  /**
   * A buildx builder to use (`docker-container` or `remote` driver), e.g. a local buildkitd; or
   * one per arch, e.g. a native Arm builder for arm64 (`{ amd64: "x86-builder", arm64: "graviton" }`).
   */
  builder?: string | Partial<Record<Arch, string>>;
  /**
   * `host` lets build steps reach the network through the host (needed where Docker has no bridge).
   * @default "default"
   */
  network?: "host" | "default";
  /**
   * Build during `pulumi preview` too (catches Dockerfile errors early; costs build time).
   * @default true
   */
  buildOnPreview?: boolean;
}

/** The builder of one arch: the one builder, that arch's, or none (the default builder). */
export function builderFor(builder: MultiArchImageArgs["builder"], arch: Arch): string | undefined {
  return typeof builder === "string" || builder === undefined ? builder : builder[arch];
}

/** A content tag for an index: the same per-arch digests always give the same tag. */
export function contentTag(digests: readonly string[]): string {
  return `sha-${createHash("sha256").update(digests.join(",")).digest("hex").slice(0, 20)}`;
}

/**
 * A multi-platform image: one build per platform, pushed by digest to every destination
 * registry and joined there by an index; deployments use the digest-pinned `refs`.
 *
 * @example
 * ```ts
 * import { MultiArchImage } from "@crossarch/components/image";
 * import { EcrRegistry } from "@crossarch/components/aws";
 * const ecr = new EcrRegistry("ecr", { namespace: "shop", images: ["api"], tags });
 * const api = new MultiArchImage("api", { image: "api", context: "../app", platforms: ["amd64", "arm64"], destinations: [{ name: "aws", registry: ecr }] });
 * export const ref = api.refs.aws; // <repo>@sha256:... of the index
 * ```
 */
export class MultiArchImage extends pulumi.ComponentResource {
  /** The archs the image contains (known at preview). */
  readonly arches: Arch[];
  /** The platforms the image contains (known at preview). */
  readonly platforms: Platform[];
  /** Per arch: the build. */
  readonly builds: Partial<Record<Arch, dockerbuild.Image>> = {};
  /** Per arch: the image digest. */
  readonly digests: Partial<Record<Arch, pulumi.Output<string>>> = {};
  /** Per destination: the index. */
  readonly indexes: Record<string, dockerbuild.Index> = {};
  /** Per destination: `repository@sha256:...` of the manifest list. */
  readonly refs: Record<string, pulumi.Output<string>> = {};
  /**
   * Per destination and arch: `repository@sha256:...` of that arch's own image manifest. For
   * engines whose image store keeps one platform per reference (Docker without the containerd
   * store), which cannot run two platforms of one index side by side.
   */
  readonly archRefs: Record<string, Partial<Record<Arch, pulumi.Output<string>>>> = {};
  /** The content tag every index carries. */
  readonly tag: pulumi.Output<string>;
  /** Per destination and release tag: `repository:tag@sha256:...`. */
  readonly tagRefs: Record<string, Record<string, pulumi.Output<string>>> = {};

  constructor(name: string, args: MultiArchImageArgs, opts?: pulumi.ComponentResourceOptions) {
    super("crossarch:image:MultiArchImage", name, {}, opts);
    throwIfProblems(`MultiArchImage ${name}`, validateImageArgs(args));
    this.arches = ARCHES.filter((a) => (args.platforms ?? ARCHES).includes(a));
    this.platforms = this.arches.map(platformOf);

    const repos = args.destinations.map((d) => d.registry.repositoryFor(d.repository ?? args.image));
    const logins = args.destinations.flatMap((d) => (d.registry.login ? [d.registry.login] : []));
    const insecure = args.destinations.some((d) => d.registry.insecure);
    // the cache sits in the first destination's repository; where variants share a repository
    // (a release), each keeps its own cache tags there
    const first = args.destinations[0];
    const cacheRepo = first?.registry.cacheRepositoryFor(first.repository ?? args.image);
    const cachePrefix = first?.repository !== undefined && first.repository !== args.image ? `cache-${args.image}` : "cache";
    // docker-build deletes what it pushed, by digest, on delete and on replace, and a registry
    // drops every tag of a deleted manifest: a published release (a tag on these digests) would
    // vanish with the next build or a destroy. Builds and tagged indexes of a release stay.
    const releasing = args.destinations.some((d) => (d.tags ?? []).length > 0);

    for (const arch of this.arches) {
      const cacheRef = pulumi.interpolate`${cacheRepo}:${cachePrefix}-${arch}`;
      const build = new dockerbuild.Image(
        `${name}-${arch}`,
        {
          context: { location: args.context },
          dockerfile: { location: args.dockerfile ?? `${args.context}/Dockerfile` },
          ...(args.target !== undefined && { target: args.target }),
          buildArgs: args.buildArgs ?? {},
          platforms: [platformOf(arch)],
          push: false,
          exports: [{ registry: { names: repos, pushByDigest: true, ociMediaTypes: true, ...(insecure && { insecure: true }) } }],
          ...(args.cache !== false && {
            cacheFrom: [{ registry: { ref: cacheRef } }],
            cacheTo: [
              { registry: { ref: cacheRef, mode: dockerbuild.CacheMode.Max, imageManifest: true, ociMediaTypes: true, ignoreError: true } },
            ],
          }),
          registries: logins,
          labels: { "org.opencontainers.image.title": args.image, "dev.crossarch.arch": arch },
          ...(builderFor(args.builder, arch) !== undefined && { builder: { name: builderFor(args.builder, arch) } }),
          ...(args.network !== undefined && { network: args.network }),
          ...(args.buildOnPreview !== undefined && { buildOnPreview: args.buildOnPreview }),
        },
        { parent: this, retainOnDelete: releasing },
      );
      this.builds[arch] = build;
      this.digests[arch] = build.digest;
    }

    const digests = this.arches.map((a) => this.digests[a] as pulumi.Output<string>);
    this.tag = pulumi.all(digests).apply(contentTag);
    args.destinations.forEach((dest, i) => {
      const repo = repos[i];
      const index = new dockerbuild.Index(
        `${name}-${dest.name}`,
        {
          tag: pulumi.interpolate`${repo}:${this.tag}`,
          sources: digests.map((d) => pulumi.interpolate`${repo}@${d}`),
          push: true,
          ...(dest.registry.login && { registry: dest.registry.login }),
        },
        { parent: this, retainOnDelete: (dest.tags ?? []).length > 0 },
      );
      this.indexes[dest.name] = index;
      this.archRefs[dest.name] = Object.fromEntries(this.arches.map((a) => [a, pulumi.interpolate`${repo}@${this.digests[a]}`]));
      this.refs[dest.name] = pulumi.all([repo, index.ref]).apply(([r, ref]) => `${r}@${digestOf(ref) ?? ""}`);
      this.tagRefs[dest.name] = {};
      for (const tag of dest.tags ?? []) {
        const release = new ReleaseTag(
          `${name}-${dest.name}-${tag.name}`,
          {
            registry: repo.apply((r) => r.split("/")[0]),
            repository: repo.apply((r) => r.split("/").slice(1).join("/")),
            tag: tag.name,
            digest: index.ref.apply((ref) => digestOf(ref) ?? ""),
            mutable: tag.mutable,
            ...(dest.registry.login && {
              credentials: dest.registry.login.apply((l) => ({ username: l.username ?? "", password: l.password ?? "" })),
            }),
          },
          { parent: this, dependsOn: [index] },
        );
        this.tagRefs[dest.name][tag.name] = release.ref;
      }
    });

    this.registerOutputs({ platforms: this.platforms, refs: this.refs, tag: this.tag, tagRefs: this.tagRefs });
  }
}
