/** The shipped stack files, as the program and tests see them. */
import * as fs from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { PROJECT_ROOT, readStackFile } from "../../stacks/stack-file";

export const ROOT = PROJECT_ROOT;

/** The flat config map of a stack file (`crossarch:services` -> JSON text), as the CLI hands it over. */
export function stackConfig(stack: string): Record<string, string> {
  return readStackFile(stack);
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
