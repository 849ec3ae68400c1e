/**
 * A small client of the OCI distribution API for one repository: read a manifest (by tag or
 * digest), read a blob, put a manifest under a tag. Answers a 401 the way registries ask:
 * Basic credentials, or a Bearer token from the realm the challenge names, for the scope it
 * names (a push gets a pull,push token). Loopback IP registries speak HTTP, others HTTPS.
 */
import type * as nodeCrypto from "node:crypto";
import { isLoopbackAddress } from "./login";

/** The part of `fetch` this module uses, so tests can pass a fake. */
export type FetchLike = (
  url: string,
  init: { method?: string; headers: Record<string, string>; body?: string; signal: AbortSignal },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

/** How to reach a registry. */
export interface RegistryAccess {
  fetch?: FetchLike;
  /** Basic credentials for the registry or its token service. */
  credentials?: { username: string; password: string };
  /** Per request; default 10 s. */
  timeoutMs?: number;
}

/**
 * The registry refused or could not answer. A function, not a class: this module runs inside
 * dynamic providers, whose serialized closures cannot capture module-level classes.
 */
function registryError(message: string): Error {
  class RegistryError extends Error {}
  return new RegistryError(message);
}

export const INDEX_TYPES = ["application/vnd.oci.image.index.v1+json", "application/vnd.docker.distribution.manifest.list.v2+json"];
export const MANIFEST_TYPES = ["application/vnd.oci.image.manifest.v1+json", "application/vnd.docker.distribution.manifest.v2+json"];

/** A manifest as stored: its exact bytes (a digest is over them), media type and digest. */
export interface StoredManifest {
  body: string;
  mediaType: string;
  digest: string;
}

/** The API host of a registry (Docker Hub's is not its name). */
export function apiHost(registry: string): string {
  return registry === "docker.io" ? "registry-1.docker.io" : registry;
}

/** A client of `registry`'s repository `repository`. */
export function registryClient(registry: string, repository: string, access: RegistryAccess = {}) {
  const host = apiHost(registry);
  const base = `${isLoopbackAddress(host) ? "http" : "https"}://${host}/v2/${repository}`;
  const doFetch = access.fetch ?? (fetch as unknown as FetchLike);
  const timeoutMs = access.timeoutMs ?? 10_000;
  const where = `${registry}/${repository}`;
  const basic = access.credentials
    ? `Basic ${Buffer.from(`${access.credentials.username}:${access.credentials.password}`).toString("base64")}`
    : undefined;
  // one token per challenge scope: a pull token does not allow a push
  const tokens = new Map<string, string>();
  let current: string | undefined;

  const authorize = async (challenge: string | null): Promise<string> => {
    if (challenge?.toLowerCase().startsWith("basic")) {
      if (!basic) throw registryError(`${where}: the registry wants credentials and none were given`);
      return basic;
    }
    const params = Object.fromEntries([...(challenge ?? "").matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (!challenge?.toLowerCase().startsWith("bearer") || !params.realm)
      throw registryError(`${where}: unsupported auth challenge ${JSON.stringify(challenge)}`);
    const known = tokens.get(params.scope ?? "");
    if (known) return known;
    const query = new URLSearchParams({ ...(params.service && { service: params.service }), ...(params.scope && { scope: params.scope }) });
    const res = await doFetch(`${params.realm}?${query}`, {
      headers: basic ? { authorization: basic } : {},
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (res.status !== 200) throw registryError(`${where}: token service ${params.realm} answered HTTP ${res.status}`);
    const body = JSON.parse(await res.text()) as { token?: string; access_token?: string };
    const token = body.token ?? body.access_token;
    if (!token) throw registryError(`${where}: token service gave no token`);
    tokens.set(params.scope ?? "", `Bearer ${token}`);
    return `Bearer ${token}`;
  };

  const request = async (method: string, path: string, headers: Record<string, string>, body?: string) => {
    const call = () =>
      doFetch(`${base}${path}`, {
        method,
        headers: { ...headers, ...(current && { authorization: current }) },
        ...(body !== undefined && { body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    let res = await call();
    if (res.status === 401) {
      current = await authorize(res.headers.get("www-authenticate"));
      res = await call();
    }
    return res;
  };

  return {
    where,
    /** A manifest by tag or digest; `undefined` when the registry has none. */
    async manifest(reference: string, accept: string[] = [...INDEX_TYPES, ...MANIFEST_TYPES]): Promise<StoredManifest | undefined> {
      const res = await request("GET", `/manifests/${reference}`, { accept: accept.join(", ") });
      if (res.status === 404) return undefined;
      if (res.status !== 200) throw registryError(`${where}: reading manifest ${reference} answered HTTP ${res.status}`);
      const body = await res.text();
      // required here: this runs inside dynamic providers, whose closures capture no native modules
      const { createHash } = require("node:crypto") as typeof nodeCrypto; // eslint-disable-line @typescript-eslint/no-require-imports
      const digest = `sha256:${createHash("sha256").update(body).digest("hex")}`;
      const mediaType = res.headers.get("content-type")?.split(";")[0] ?? (JSON.parse(body) as { mediaType?: string }).mediaType ?? "";
      return { body, mediaType, digest };
    },
    /** A blob as JSON (an image config). */
    async blobJson(digest: string): Promise<Record<string, unknown>> {
      const res = await request("GET", `/blobs/${digest}`, { accept: "application/vnd.oci.image.config.v1+json, application/json" });
      if (res.status !== 200) throw registryError(`${where}: reading blob ${digest} answered HTTP ${res.status}`);
      return JSON.parse(await res.text()) as Record<string, unknown>;
    },
    /** Put a manifest's exact bytes under `tag`. */
    async putManifest(tag: string, manifest: StoredManifest): Promise<void> {
      const res = await request("PUT", `/manifests/${tag}`, { "content-type": manifest.mediaType }, manifest.body);
      if (res.status !== 201 && res.status !== 200)
        throw registryError(`${where}: pushing tag ${tag} answered HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`);
    },
  };
}

export type RegistryClient = ReturnType<typeof registryClient>;
