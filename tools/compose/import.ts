/**
 * The whole import: load the compose files (as Docker Compose does), map them, check the result
 * with the program's own config layer (a ConfigError names any key the mapping got wrong), and
 * give the stack file text and its plan.
 */
import * as path from "node:path";
import { parseStackConfig } from "../../infra/config";
import type { StackPlan } from "../../infra/plan";
import { loadCompose, type LoadOptions } from "./load";
import { mapCompose, type ImportOptions, type ImportResult } from "./map";
import { stackFileText } from "./write";

export interface Imported extends ImportResult {
  stackFile: string;
  plan: StackPlan;
}

export function importCompose(files: string[], options: ImportOptions & LoadOptions): Imported {
  const loaded = loadCompose(
    files.map((f) => path.resolve(f)),
    options,
  );
  const result = mapCompose(loaded, options);
  const plan = parseStackConfig(result.config, {
    project: "crossarch",
    stack: options.stack,
    hostCpus: options.hostCpus ?? 2,
    projectRoot: options.projectRoot,
    setKeys: Object.keys(result.config).map((k) => `crossarch:${k}`),
    secretKeys: [],
    secretsElsewhere: true, // the secrets are set after the import, with the commands it prints
  });
  return { ...result, stackFile: stackFileText(result.config, files), plan };
}
