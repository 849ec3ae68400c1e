/**
 * Read which platforms an existing image contains, from its registry (OCI distribution API):
 * an index or manifest list gives its entries' platforms (attestations show as
 * `unknown/unknown`); a single manifest gives its config's os/architecture.
 */
import * as pulumi from "@pulumi/pulumi";
import { parseImageRef } from "./image-ref";
import { registryClient, type RegistryAccess } from "./registry-client";

/** How to reach the registry. */
export type ReadOptions = RegistryAccess;

/**
 * The registry could not tell which platforms an image has: not a reference, no such manifest,
 * an unreachable registry or a manifest of another kind. The message names the image and why.
 *
 * @example
 * ```ts
 * import { ImageReadError, readImagePlatforms } from "@crossarch/components/image";
 * try {
 *   console.log(await readImagePlatforms("postgres:16")); // ["linux/amd64", "linux/arm64", ...]
 * } catch (e) {
 *   if (e instanceof ImageReadError) console.error(e.message); // cannot read the platforms of image postgres:16: ...
 * }
 * ```
 */
export class ImageReadError extends pulumi.RunError {
  constructor(ref: string, reason: string) {
    super(`cannot read the platforms of image ${ref}: ${reason}`);
    this.name = "ImageReadError";
  }
}

interface Platformish {
  os?: string;
  architecture?: string;
  variant?: string;
}

function platformString(p: Platformish | undefined): string {
  return p?.os && p.architecture ? [p.os, p.architecture, p.variant].filter(Boolean).join("/") : "unknown/unknown";
}

/** Every platform entry of an image, e.g. `["linux/amd64", "linux/arm64", "unknown/unknown"]`. */
export async function readImagePlatforms(ref: string, options: ReadOptions = {}): Promise<string[]> {
  return (await readImageIndex(ref, options)).platforms.map((p) => p.platform);
}

/** An image's digest and, per platform entry, the digest of that entry's manifest. */
export interface ImageIndex {
  /** Digest of what `ref` names (the index, or the single manifest). */
  digest: string;
  /** One entry per manifest of the index (one for a single manifest). */
  platforms: {
    /** `os/architecture[/variant]`, `unknown/unknown` for attestations. */
    platform: string;
    /** Digest of the entry's manifest. */
    digest: string;
  }[];
}

/** Read `ref` (by tag or digest): its digest, and each platform entry (an image manifest is one entry). */
export async function readImageIndex(ref: string, options: ReadOptions = {}): Promise<ImageIndex> {
  const parsed = parseImageRef(ref);
  if (!parsed) throw new ImageReadError(ref, "not an image reference");
  const client = registryClient(parsed.registry, parsed.repository, options);
  try {
    const found = await client.manifest(parsed.digest ?? parsed.tag ?? "latest");
    if (!found) throw new ImageReadError(ref, `${client.where} has no manifest ${parsed.digest ?? parsed.tag ?? "latest"}`);
    const manifest = JSON.parse(found.body) as { manifests?: { digest: string; platform?: Platformish }[]; config?: { digest?: string } };
    if (Array.isArray(manifest.manifests))
      return {
        digest: found.digest,
        platforms: manifest.manifests.map((m) => ({ platform: platformString(m.platform), digest: m.digest })),
      };
    if (!manifest.config?.digest) throw new ImageReadError(ref, "the manifest is neither an index nor an image manifest");
    const config = await client.blobJson(manifest.config.digest);
    return { digest: found.digest, platforms: [{ platform: platformString(config as Platformish), digest: found.digest }] };
  } catch (e) {
    if (e instanceof ImageReadError) throw e;
    throw new ImageReadError(ref, (e as Error).message);
  }
}
