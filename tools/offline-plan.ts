/**
 * A stack's plan from its files alone (no engine, no cloud): read as the CLI would
 * (stacks/stack-file.ts), then parsed and checked by the program's own config layer.
 */
import { parseStackConfig, rawNamespace, withRawProblems } from "../infra/config";
import type { StackPlan } from "../infra/plan";
import { loadStack, PROJECT_ROOT } from "../stacks/stack-file";

/** Cores assumed for the local engine when planning offline. */
const OFFLINE_HOST_CPUS = 2;

/** Plan `stack`; throws {@link ConfigError} for a bad config, `StackFileError` for an unreadable file. */
export function planOffline(stack: string, options: { root?: string; configFile?: string } = {}): StackPlan {
  const loaded = loadStack(stack, options);
  const { raw, problems } = rawNamespace(loaded.config, loaded.secretKeys);
  // the file's own secrets are checked (a named key set in plain text is refused); keys set only
  // in a machine's copy are not missing
  return withRawProblems(problems, () =>
    parseStackConfig(raw, {
      project: loaded.project,
      stack,
      hostCpus: OFFLINE_HOST_CPUS,
      setKeys: Object.keys(loaded.config),
      secretKeys: loaded.secretKeys,
      secretsElsewhere: true,
      projectRoot: options.root ?? PROJECT_ROOT,
    }),
  );
}
