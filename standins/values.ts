/**
 * Plain helpers every stand-in uses: deterministic hashes, the engine's markers for unknown and
 * secret values, and structural equality that treats both the way the engine does.
 */
import { createHash } from "node:crypto";

/** The engine's marker for a value not known during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
/** The key and value that mark a serialised secret. */
export const SECRET_SIG = "4dabf18193072939515e22adb298388d";
export const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** Property bags as they arrive over gRPC. */
export type Props = Record<string, unknown>;

/** `n` hex characters of the sha256 of `parts` (stable across runs and machines). */
export function hashOf(n: number, ...parts: unknown[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, n);
}

/** A GUID-shaped value derived from `parts` (version 4 layout, deterministic). */
export function guidOf(...parts: unknown[]): string {
  const h = hashOf(32, ...parts);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** True for a serialised secret. */
export function isSecret(v: unknown): v is { value: unknown } {
  return typeof v === "object" && v !== null && (v as Props)[SECRET_SIG] === SECRET_VALUE;
}

/** The value inside a secret (or the value itself). */
export function reveal<T = unknown>(v: unknown): T {
  return (isSecret(v) ? v.value : v) as T;
}

/** A value as text, a secret revealed (for ids and names derived from it). */
export function text(v: unknown): string {
  return String(reveal(v) ?? "");
}

/** True when `v` or anything inside it is unknown. */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (typeof v === "object" && v !== null) return Object.values(v).some(containsUnknown);
  return false;
}

/** Deep equality of JSON-like values; object key order does not matter. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  }
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  const ka = Object.keys(a).filter((k) => (a as Props)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Props)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Props)[k], (b as Props)[k]));
}

/** `aws:ecs/taskDefinition:TaskDefinition` from a URN. */
export function typeOfUrn(urn: string): string {
  const parts = urn.split("::");
  const chain = parts[2] ?? "";
  return chain.split("$").pop() ?? chain;
}

/** The logical name at the end of a URN. */
export function nameOfUrn(urn: string): string {
  return urn.split("::").pop() ?? urn;
}

/** Wrap a value the way the engine marks a secret. */
export function secret(value: unknown): Props {
  return { [SECRET_SIG]: SECRET_VALUE, value };
}
