/**
 * Where and as whom to read an external image: credentials from the Docker client's config
 * (`docker login` writes `auths` there; `$DOCKER_CONFIG/config.json`, default
 * `~/.docker/config.json`), and a registry mirror for machines that cannot reach the registry
 * an image names (`CROSSARCH_REGISTRY_MIRROR=docker.io=mirror.example:5000/hub`): a pull-through
 * cache keeps digests, so a digest read from the mirror is the image's digest upstream.
 * Credential helpers (`credsStore`, `credHelpers`) are not run: an entry there reads as no login.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { parseImageRef } from "./image-ref";

/** A login from the Docker config for `host`, if it has one in `auths`. */
export function dockerConfigCredentials(
  host: string,
  env: NodeJS.ProcessEnv = process.env,
):
  | {
      /** Registry user name. */
      username: string;
      /** Its password or token. */
      password: string;
    }
  | undefined {
  const file = path.join(env.DOCKER_CONFIG ?? path.join(os.homedir(), ".docker"), "config.json");
  let auths: Record<string, { auth?: string; username?: string; password?: string }>;
  try {
    auths = (JSON.parse(fs.readFileSync(file, "utf8")) as { auths?: typeof auths }).auths ?? {};
  } catch {
    return undefined;
  }
  const keys = host === "docker.io" ? ["docker.io", "https://index.docker.io/v1/", "index.docker.io"] : [host, `https://${host}`];
  const entry = keys.map((k) => auths[k]).find(Boolean);
  if (!entry) return undefined;
  if (entry.username && entry.password) return { username: entry.username, password: entry.password };
  if (!entry.auth) return undefined;
  const text = Buffer.from(entry.auth, "base64").toString("utf8");
  const colon = text.indexOf(":");
  return colon > 0 ? { username: text.slice(0, colon), password: text.slice(colon + 1) } : undefined;
}

/** Parse `docker.io=host:port/prefix[,other=...]`; a malformed entry is an error naming it. */
export function parseMirrors(spec: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (spec ?? "")
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [from, to, extra] = part.split("=");
    if (!from || !to || extra !== undefined || to.includes("://"))
      throw new TypeError(
        `CROSSARCH_REGISTRY_MIRROR: ${JSON.stringify(part)} is not <registry>=<mirror host>[/<path prefix>], e.g. docker.io=mirror.example:5000/hub`,
      );
    out[from] = to.replace(/\/+$/, "");
  }
  return out;
}

/** The reference to read instead of `ref` when its registry has a mirror; `ref` itself otherwise. */
export function mirrored(ref: string, mirrors: Record<string, string>): string {
  const parsed = parseImageRef(ref);
  const mirror = parsed && mirrors[parsed.registry];
  if (!parsed || !mirror) return ref;
  return `${mirror}/${parsed.repository}${parsed.tag ? `:${parsed.tag}` : ""}${parsed.digest ? `@${parsed.digest}` : ""}`;
}
