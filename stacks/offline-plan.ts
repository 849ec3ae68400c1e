/**
 * A stack's plan from its files alone (no engine, no cloud): read as the CLI would
 * (stacks/stack-file.ts), then parsed and checked by the program's own config layer.
 */
import { ConfigError, parseStackConfig, rawNamespace } from "../infra/config";
import type { StackPlan } from "../infra/plan";
import { loadStack } from "./stack-file";

/** Cores assumed for the local engine when planning offline. */
const OFFLINE_HOST_CPUS = 2;

/** Plan `stack`; throws {@link ConfigError} for a bad config, `StackFileError` for an unreadable file. */
export function planOffline(stack: string, options: { root?: string; configFile?: string } = {}): StackPlan {
  const loaded = loadStack(stack, options);
  const { raw, problems } = rawNamespace(loaded.config, loaded.secretKeys);
  if (problems.length > 0) throw new ConfigError(problems);
  // Secrets are set per machine (`pulumi config set --secret`), often not in the file read here:
  // the plan does not ask for them; the program does.
  return parseStackConfig(raw, { project: loaded.project, stack, hostCpus: OFFLINE_HOST_CPUS });
}
