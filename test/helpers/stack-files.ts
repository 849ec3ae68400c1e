/**
 * Read a `Pulumi.<stack>.yaml` the way the Pulumi CLI hands config to a program:
 * a flat map of `namespace:key` -> string (structured values as JSON).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export const ROOT = path.resolve(__dirname, "../..");

/** The flat config map of a stack file. */
export function stackConfig(stack: string): Record<string, string> {
  const doc = parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config?: Record<string, unknown> };
  return flatten(doc.config ?? {});
}

/** `{ "crossarch:services": [...] }` -> `{ "crossarch:services": "[...]" }`. */
export function flatten(config: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

/** The `crossarch:*` part of a stack file as plain values (for tests that edit it). */
export function stackNamespace(stack: string): Record<string, unknown> {
  const doc = parse(fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  return Object.fromEntries(
    Object.entries(doc.config)
      .filter(([k]) => k.startsWith("crossarch:"))
      .map(([k, v]) => [k.slice("crossarch:".length), v]),
  );
}
