/**
 * The one place stack config is read: every `crossarch:*` key, parsed with the schema and
 * checked against the model. A bad config throws a {@link ConfigError} that lists every
 * problem by config key before the program registers anything.
 */
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { distance, formatPath, secretRefs, show, type Problem, type PropertyPath } from "@crossarch/components/model";
import { checkStackConfig } from "./config-checks";
import { checkReleaseUse, expandImages } from "./releases";
import { CONFIG_KEYS, stackConfigSchema, type ParsedConfig } from "./config-schema";
import { planDeployments, type StackPlan } from "./plan";

/** The config namespace. */
export const NAMESPACE = "crossarch";

/** The keys whose values are structured (YAML objects or lists). */
const STRUCTURED = new Set(["images", "services", "targets", "profiles", "prices", "registries"]);
/** Keys that are text or a mapping (`builder: crossarch` or `builder: {amd64: a, arm64: b}`). */
const TEXT_OR_STRUCTURED = new Set(["builder"]);

/** A stack config that cannot be deployed; `problems` name each key. */
export class ConfigError extends pulumi.RunError {
  constructor(readonly problems: readonly Problem[]) {
    super(
      `crossarch stack config has ${problems.length} problem${problems.length === 1 ? "" : "s"}; nothing was deployed:\n` +
        problems.map((p) => `  ${configKey(p.path)}: ${p.message}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

/** `["services", 1, "health", "path"]` -> `crossarch:services[1].health.path`. */
export function configKey(path: PropertyPath): string {
  return path.length === 0 ? NAMESPACE : `${NAMESPACE}:${formatPath(path)}`;
}

/** What parsing needs besides the raw config. */
export interface ConfigContext {
  /** Pulumi project name: the default `app`. */
  project: string;
  /** Pulumi stack name. */
  stack: string;
  /** Cores of the machine running the local engine. */
  hostCpus: number;
  /** Every key set in the stack config; when given, secrets a target names must be among them. */
  setKeys?: readonly string[];
  /** The keys that hold a secret (set with `--secret`, at the top or under a `--path`). */
  secretKeys?: readonly string[];
  /** Secrets may be set outside `setKeys` (the offline plan): missing ones are not errors. */
  secretsElsewhere?: boolean;
  /** The project directory: build contexts and Dockerfiles must exist inside it. */
  projectRoot?: string;
}

/**
 * The raw `crossarch:*` values of a flat Pulumi config map (`{"crossarch:services": "[...]"}`),
 * structured keys decoded from JSON. Keys named as secrets by a registry are left out:
 * they are read with `Config.requireSecret` where they are used.
 */
export function rawNamespace(
  all: Record<string, string>,
  secretKeys: readonly string[] = [],
): { raw: Record<string, unknown>; problems: Problem[] } {
  const raw: Record<string, unknown> = {};
  const problems: Problem[] = [];
  for (const [fullKey, value] of Object.entries(all)) {
    if (!fullKey.startsWith(`${NAMESPACE}:`)) continue;
    const key = fullKey.slice(NAMESPACE.length + 1);
    if (!STRUCTURED.has(key) && !(TEXT_OR_STRUCTURED.has(key) && /^\s*[{[]/.test(value))) {
      raw[key] = value;
      continue;
    }
    try {
      raw[key] = JSON.parse(value);
    } catch {
      problems.push({ path: [key], message: `must be a YAML object or list, got the text ${show(value)}` });
    }
  }
  problems.push(...misspeltNamespaces(Object.keys(all)));
  const named = secretKeysNamed(raw);
  for (const key of named) delete raw[key];
  // a secret nothing names: a leftover, or the other half of a misspelt reference
  for (const full of secretKeys) {
    const key = full.slice(NAMESPACE.length + 1);
    if (!full.startsWith(`${NAMESPACE}:`) || CONFIG_KEYS.includes(key) || named.includes(key)) continue;
    delete raw[key];
    problems.push({
      path: [key],
      message: `holds a secret that no env value { secret: ${key} } or registry passwordSecret names; name it, or remove it with: pulumi config rm ${full}`,
    });
  }
  return { raw, problems };
}

/** Keys in a namespace that is a typo of `crossarch` (`crosarch:builder`): nothing reads them. */
export function misspeltNamespaces(keys: readonly string[]): Problem[] {
  return keys.flatMap((full) => {
    const [ns, ...rest] = full.split(":");
    if (rest.length === 0 || ns === NAMESPACE || distance(ns.toLowerCase(), NAMESPACE) > 2) return [];
    return [
      {
        path: [],
        message: `${full} is set, but nothing reads the namespace ${JSON.stringify(ns)}; did you mean ${NAMESPACE}:${rest.join(":")}?`,
      },
    ];
  });
}

/**
 * Config keys the config names as holding a secret: a registry's `passwordSecret` and env values
 * `{ secret: <key> }` (of a service or an override). They are read with `requireSecret` where used.
 */
export function secretKeysNamed(raw: Record<string, unknown>): string[] {
  const targets = typeof raw.targets === "object" && raw.targets !== null ? Object.values(raw.targets) : [];
  const fromTargets = targets.map((t) => (t as { registry?: { passwordSecret?: unknown } } | null)?.registry?.passwordSecret);
  const registries = typeof raw.registries === "object" && raw.registries !== null ? Object.values(raw.registries) : [];
  const fromRegistries = registries.map((r) => (r as { passwordSecret?: unknown } | null)?.passwordSecret);
  const fromEnv = secretRefs(raw.services).map((ref) => ref.key);
  return [...new Set([...fromTargets, ...fromRegistries, ...fromEnv])].filter(
    (k): k is string => typeof k === "string" && !CONFIG_KEYS.includes(k),
  );
}

/** Turn a zod issue into a problem that says what was given. */
function issueToProblem(issue: z.core.$ZodIssue): Problem {
  const path = issue.path.map((p) => (typeof p === "number" ? p : String(p)));
  if (issue.code === "invalid_type" && issue.input === undefined) {
    return { path, message: `required (${issue.expected})` };
  }
  if (issue.code === "invalid_key" && issue.issues.length > 0) {
    return { path, message: `${issue.issues[0].message}; given ${show(issue.input)}` };
  }
  const given =
    issue.code === "unrecognized_keys" || typeof issue.input === "object" || issue.input === undefined
      ? ""
      : `; given ${show(issue.input)}`;
  return { path, message: `${issue.message}${given}` };
}

/** Parse and check a raw namespace. Pure: throws {@link ConfigError} or returns the plan. */
export function parseStackConfig(raw: Record<string, unknown>, ctx: ConfigContext): StackPlan {
  const withDefaults = { app: ctx.project, ...raw };
  const parsed = stackConfigSchema().safeParse(withDefaults, { reportInput: true });
  if (!parsed.success) throw new ConfigError(parsed.error.issues.map(issueToProblem));
  const expansion = expandImages(parsed.data);
  // variants are images from here on; a problem of one sits at the image that declares it
  const config: ParsedConfig = { ...parsed.data, images: expansion.images };
  const declaredAt = new Map(expansion.plans.map((p) => [p.name, p.declared]));
  const found = [...expansion.problems, ...checkReleaseUse(config, expansion.plans), ...checkStackConfig(config, ctx)].map((p) =>
    p.path[0] === "images" && declaredAt.has(String(p.path[1]))
      ? { ...p, path: ["images", declaredAt.get(String(p.path[1])) ?? "", ...p.path.slice(2)] }
      : p,
  );
  const problems = found.filter(
    (p, i) => found.findIndex((q) => q.path.join("\u0000") === p.path.join("\u0000") && q.message === p.message) === i,
  );
  if (problems.length > 0) throw new ConfigError(problems);
  return planDeployments(config, { ...ctx, images: expansion.plans });
}

/**
 * The config keys that hold a secret. The SDK knows them (`PULUMI_CONFIG_SECRET_KEYS`) but its
 * typings do not export the lookup, so it is reached through the runtime module it lives in.
 */
export function secretConfigKeys(keys: readonly string[]): string[] {
  const runtimeConfig = require("@pulumi/pulumi/runtime/config") as { isConfigSecret?: (k: string) => boolean }; // eslint-disable-line @typescript-eslint/no-require-imports
  const isSecret = runtimeConfig.isConfigSecret;
  if (typeof isSecret !== "function")
    throw new TypeError("@pulumi/pulumi no longer exposes runtime/config isConfigSecret: crossarch cannot tell secret config keys");
  return keys.filter((k) => isSecret(k));
}

/**
 * Plan, with the problems reading the namespace found (a secret nothing names, a key in a
 * misspelt namespace) reported together with the config's own: one verdict, all at once.
 */
export function withRawProblems(rawProblems: readonly Problem[], parse: () => StackPlan): StackPlan {
  let plan: StackPlan;
  try {
    plan = parse();
  } catch (e) {
    if (e instanceof ConfigError && rawProblems.length > 0) throw new ConfigError([...rawProblems, ...e.problems]);
    throw e;
  }
  if (rawProblems.length > 0) throw new ConfigError(rawProblems);
  return plan;
}

/** Read this stack's config from the Pulumi runtime and plan it; throws before anything is registered. */
export function loadStackPlan(): StackPlan {
  const all = pulumi.runtime.allConfig();
  const secretKeys = secretConfigKeys(Object.keys(all));
  const { raw, problems } = rawNamespace(all, secretKeys);
  const plan = withRawProblems(problems, () =>
    parseStackConfig(raw, {
      project: pulumi.getProject(),
      stack: pulumi.getStack(),
      hostCpus: os.cpus().length,
      setKeys: Object.keys(all),
      secretKeys,
      projectRoot: path.resolve(__dirname, ".."),
    }),
  );
  for (const w of plan.warnings) void pulumi.log.warn(`${configKey(w.path)}: ${w.message}`);
  return plan;
}
