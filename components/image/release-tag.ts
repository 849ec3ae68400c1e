/**
 * ReleaseTag: a release tag (`1.4.0`, `1.4.0-redis`, `latest`) on an image index that is already
 * in the registry by digest, as a Pulumi dynamic resource. It puts the index's exact manifest
 * under the tag, so the tag and the digest name the same bytes. A tag is immutable unless marked
 * mutable: when the registry already holds the tag for other content (other per-platform
 * manifests), the push is refused, naming the tag and both digests, and the tag keeps what it
 * had. `pulumi destroy` leaves release tags in place: a published release is not withdrawn by
 * tearing down the stack that made it.
 */
import * as pulumi from "@pulumi/pulumi";
import { registryClient } from "./registry-client";

/** What a release tag is made from. */
export interface ReleaseTagSpec {
  /** Registry host, e.g. `ghcr.io`. */
  registry: string;
  /** Repository path in that registry, e.g. `acme/cache`. */
  repository: string;
  /** The tag, e.g. `1.4.0-redis`. */
  tag: string;
  /** Digest of the index (already pushed to this repository) the tag names. */
  digest: string;
  /** A mutable tag (`latest`) may move to other content; an immutable one may not. */
  mutable: boolean;
  /** Push credentials (a secret input: it stays encrypted in state). */
  credentials?: {
    /** Registry user name. */
    username: string;
    /** Its password or token. */
    password: string;
  };
}

/** The tag's outputs: `registry/repository:tag@digest`. */
export interface ReleaseTagOutputs extends ReleaseTagSpec {
  /** `registry/repository:tag@digest`. */
  ref: string;
}

/** The per-platform manifest digests an index names (attestation entries aside). */
function contentOf(body: string): string[] {
  const index = JSON.parse(body) as { manifests?: { digest: string; platform?: { os?: string } }[] };
  return (index.manifests ?? [])
    .filter((m) => m.platform?.os !== "unknown")
    .map((m) => m.digest)
    .sort();
}

/** Fail with a message the engine shows (the class is made inside: closures are serialized). */
function fail(message: string): never {
  class ReleaseTagError extends Error {}
  throw new ReleaseTagError(message);
}

async function pushTag(spec: ReleaseTagSpec): Promise<ReleaseTagOutputs> {
  const client = registryClient(spec.registry, spec.repository, { ...(spec.credentials && { credentials: spec.credentials }) });
  const source = await client.manifest(spec.digest);
  if (!source) fail(`${client.where}@${spec.digest}: the index to tag is not in the registry`);
  const existing = await client.manifest(spec.tag);
  if (existing && existing.digest !== source.digest && !spec.mutable) {
    const same = JSON.stringify(contentOf(existing.body)) === JSON.stringify(contentOf(source.body));
    if (!same)
      fail(
        `${client.where}:${spec.tag} already names ${existing.digest}, other content than this build (${source.digest}); ` +
          "a release tag is immutable: raise crossarch:version, or list the tag in the image's mutableTags",
      );
  }
  if (existing?.digest !== source.digest) await client.putManifest(spec.tag, source);
  return { ...spec, ref: `${spec.registry}/${spec.repository}:${spec.tag}@${source.digest}` };
}

/** The provider: push the tag (refusing to move an immutable one), keep it on delete. */
export const releaseTagProvider: pulumi.dynamic.ResourceProvider = {
  async diff(_id: string, olds: ReleaseTagOutputs, news: ReleaseTagSpec) {
    const keys = ["registry", "repository", "tag", "digest", "mutable"] as const;
    const changed = keys.filter((k) => olds[k] !== news[k]);
    const credentials = JSON.stringify(olds.credentials ?? null) !== JSON.stringify(news.credentials ?? null);
    return {
      changes: changed.length > 0 || credentials,
      replaces: changed.filter((k) => k === "registry" || k === "repository" || k === "tag"),
      deleteBeforeReplace: false,
    };
  },
  async create(spec: ReleaseTagSpec) {
    const outs = await pushTag(spec);
    return { id: `${spec.registry}/${spec.repository}:${spec.tag}`, outs };
  },
  async update(_id: string, _olds: ReleaseTagOutputs, news: ReleaseTagSpec) {
    return { outs: await pushTag(news) };
  },
  async delete() {
    // a published tag stays: users of the release pull it after this stack is gone
  },
};

/** Inputs of a {@link ReleaseTag}. */
export type ReleaseTagArgs = { [K in keyof ReleaseTagSpec]: pulumi.Input<ReleaseTagSpec[K]> };

/**
 * A release tag on an index already pushed by digest (a dynamic resource): puts the index's
 * manifest under the tag, refuses to move an immutable tag to other content, and leaves the tag
 * in place on `destroy`. {@link MultiArchImage} makes one per tag of a destination.
 *
 * @example
 * ```ts
 * import { ReleaseTag } from "@crossarch/components/image";
 * import { digestOf } from "@crossarch/components/model";
 * new ReleaseTag("cache-1.4.0", {
 *   registry: "ghcr.io", repository: "acme/cache", tag: "1.4.0", mutable: false, credentials,
 *   digest: index.ref.apply((ref) => digestOf(ref) ?? ""), // index: a docker-build Index pushed to ghcr.io/acme/cache
 * });
 * ```
 */
export class ReleaseTag extends pulumi.dynamic.Resource {
  /** `registry/repository:tag@digest`. */
  declare readonly ref: pulumi.Output<string>;
  /** Digest of the index the tag names. */
  declare readonly digest: pulumi.Output<string>;

  constructor(name: string, args: ReleaseTagArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      releaseTagProvider,
      name,
      { ...args, credentials: args.credentials === undefined ? undefined : pulumi.secret(args.credentials), ref: undefined },
      { ...opts, additionalSecretOutputs: ["credentials"] },
      "crossarch",
      "ReleaseTag",
    );
  }
}
