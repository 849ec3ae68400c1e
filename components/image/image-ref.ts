/**
 * Image references: `registry/repository[:tag][@sha256:digest]`, parsed the way Docker does
 * (no registry host means Docker Hub, one-part names are under `library/`).
 */

/** A parsed image reference. */
export interface ImageRef {
  /** Registry host as written, or `docker.io`. */
  registry: string;
  /** Repository path inside the registry. */
  repository: string;
  /** Tag, when the reference has one (`16`, `latest`). */
  tag?: string;
  /** `sha256:...` */
  digest?: string;
}

const DIGEST = /^sha256:[a-f0-9]{64}$/;

/** Parse a reference; `undefined` when it is not one. */
export function parseImageRef(ref: string): ImageRef | undefined {
  const [nameAndTag, digest, extra] = ref.split("@");
  if (extra !== undefined || (digest !== undefined && !DIGEST.test(digest))) return undefined;
  const slash = nameAndTag.indexOf("/");
  const first = slash === -1 ? "" : nameAndTag.slice(0, slash);
  const hasHost = slash !== -1 && (first.includes(".") || first.includes(":") || first === "localhost");
  const registry = hasHost ? first : "docker.io";
  let rest = hasHost ? nameAndTag.slice(slash + 1) : nameAndTag;
  let tag: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > rest.lastIndexOf("/")) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  if (!/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/.test(rest)) return undefined;
  if (tag !== undefined && !/^[\w][\w.-]{0,127}$/.test(tag)) return undefined;
  const repository = registry === "docker.io" && !rest.includes("/") ? `library/${rest}` : rest;
  return { registry, repository, ...(tag !== undefined && { tag }), ...(digest !== undefined && { digest }) };
}

/** `repo@sha256:...` from a repository and a digest. */
export function digestRef(repository: string, digest: string): string {
  return `${repository}@${digest}`;
}

/** The digest part of `name[:tag]@sha256:...`, or `undefined`. */
export function digestOf(ref: string): string | undefined {
  const digest = ref.split("@")[1];
  return digest !== undefined && DIGEST.test(digest) ? digest : undefined;
}
