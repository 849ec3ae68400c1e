/**
 * Read which platforms an existing image contains, from its registry (OCI distribution API):
 * an index or manifest list gives its entries' platforms (attestations show as
 * `unknown/unknown`); a single manifest gives its config's os/architecture.
 */
import * as pulumi from "@pulumi/pulumi";
import { isLoopbackAddress } from "../registry/login";
import { parseImageRef } from "./image-ref";

/** The part of `fetch` this module uses, so tests can pass a fake. */
export type FetchLike = (
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; json(): Promise<unknown> }>;

/** How to reach the registry. */
export interface ReadOptions {
  fetch?: FetchLike;
  /** Basic credentials for the registry or its token service. */
  credentials?: { username: string; password: string };
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

/** The registry could not tell which platforms an image has. */
export class ImageReadError extends pulumi.RunError {
  constructor(ref: string, reason: string) {
    super(`cannot read the platforms of image ${ref}: ${reason}`);
    this.name = "ImageReadError";
  }
}

const INDEX_TYPES = ["application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"];
const MANIFEST_TYPES = ["application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"];

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
  const parsed = parseImageRef(ref);
  if (!parsed) throw new ImageReadError(ref, "not an image reference");
  const host = parsed.registry === "docker.io" ? "registry-1.docker.io" : parsed.registry;
  const base = `${isLoopbackAddress(host) ? "http" : "https"}://${host}/v2/${parsed.repository}`;
  const doFetch = options.fetch ?? (fetch as unknown as FetchLike);
  const timeoutMs = options.timeoutMs ?? 10_000;
  let auth: string | undefined;

  const get = async (url: string, accept: string[]) => {
    const call = () =>
      doFetch(url, {
        headers: { accept: accept.join(", "), ...(auth && { authorization: auth }) },
        signal: AbortSignal.timeout(timeoutMs),
      });
    let res = await call();
    if (res.status === 401 && auth === undefined) {
      auth = await authorize(res.headers.get("www-authenticate"), doFetch, options, timeoutMs, ref);
      res = await call();
    }
    if (res.status !== 200) throw new ImageReadError(ref, `${url} answered HTTP ${res.status}`);
    return (await res.json()) as Record<string, unknown>;
  };

  const manifest = await get(`${base}/manifests/${parsed.digest ?? parsed.tag ?? "latest"}`, [...INDEX_TYPES, ...MANIFEST_TYPES]);
  if (Array.isArray(manifest.manifests)) {
    return (manifest.manifests as { platform?: Platformish }[]).map((m) => platformString(m.platform));
  }
  const config = manifest.config as { digest?: string } | undefined;
  if (!config?.digest) throw new ImageReadError(ref, "the manifest is neither an index nor an image manifest");
  const blob = await get(`${base}/blobs/${config.digest}`, ["application/vnd.oci.image.config.v1+json", "application/json"]);
  return [platformString(blob as Platformish)];
}

/** Answer a 401: Basic credentials, or a Bearer token from the realm the registry names. */
async function authorize(
  challenge: string | null,
  doFetch: FetchLike,
  options: ReadOptions,
  timeoutMs: number,
  ref: string,
): Promise<string> {
  const basic = options.credentials
    ? `Basic ${Buffer.from(`${options.credentials.username}:${options.credentials.password}`).toString("base64")}`
    : undefined;
  if (challenge?.toLowerCase().startsWith("basic")) {
    if (!basic) throw new ImageReadError(ref, "the registry wants credentials and none were given");
    return basic;
  }
  const params = Object.fromEntries([...(challenge ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
  if (!challenge?.toLowerCase().startsWith("bearer") || !params.realm)
    throw new ImageReadError(ref, `unsupported auth challenge ${JSON.stringify(challenge)}`);
  const query = new URLSearchParams({ ...(params.service && { service: params.service }), ...(params.scope && { scope: params.scope }) });
  const res = await doFetch(`${params.realm}?${query}`, {
    headers: basic ? { authorization: basic } : {},
    signal: AbortSignal.timeout(timeoutMs),
  });
  if (res.status !== 200) throw new ImageReadError(ref, `token service ${params.realm} answered HTTP ${res.status}`);
  const body = (await res.json()) as { token?: string; access_token?: string };
  const token = body.token ?? body.access_token;
  if (!token) throw new ImageReadError(ref, "token service gave no token");
  return `Bearer ${token}`;
}
