/**
 * Read a `Pulumi.<stack>.yaml` the way the Pulumi CLI hands config to a program: a flat map of
 * `namespace:key` -> string (structured values as JSON).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";

export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** `{ "crossarch:services": [...] }` -> `{ "crossarch:services": "[...]" }`. */
export function flatten(config: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]));
}

/** The flat config of a stack file. */
export function readStackFile(stack: string, root = PROJECT_ROOT): Record<string, string> {
  const doc = parse(fs.readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8")) as { config?: Record<string, unknown> };
  return flatten(doc.config ?? {});
}
