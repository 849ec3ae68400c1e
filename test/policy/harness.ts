/**
 * Runs policies the way today's @pulumi/policy analyzer does, without the engine: every
 * resource policy sees every resource; props go through the library's own unknown-checking
 * proxy (reading an unknown value during preview ends that policy with an advisory note);
 * `notApplicable` ends it silently; config is the schema's defaults overlaid with the pack
 * config; secrets arrive unwrapped.
 */
import type { EnforcementLevel, Policies, Policy, ResourceValidationArgs, StackValidationArgs } from "@pulumi/policy";
import * as proxyModule from "../../policy/node_modules/@pulumi/policy/proxy";

/** The library's unknown-value machinery (marked @internal, so absent from its typings). */
const proxy = proxyModule as unknown as {
  unknownCheckingProxy<T>(props: T): T;
  UnknownValueError: new (...args: unknown[]) => Error;
  unknownStringValue: string;
};
const { unknownCheckingProxy, UnknownValueError } = proxy;

/** The sentinel the engine sends for a string not known during preview. */
export const UNKNOWN = proxy.unknownStringValue;

export interface Res {
  type: string;
  name: string;
  props: Record<string, unknown>;
}

export interface Outcome {
  policy: string;
  resource: string;
  message: string;
  level: EnforcementLevel;
}

export interface PackRun {
  violations: Outcome[];
  /** Policies that could not run on a resource because a value is unknown at preview. */
  unknown: Outcome[];
  notApplicable: { policy: string; resource: string; reason: string }[];
}

class NotApplicable extends Error {
  constructor(readonly reason: string) {
    super(reason);
  }
}

const SECRET_SIG = "4dabf18193072939515e22adb298388d";

/** Unwrap Pulumi secret markers the way the analyzer's deserializer does. */
function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (typeof value === "object" && value !== null) {
    const o = value as Record<string, unknown>;
    if (SECRET_SIG in o) return unwrapSecrets(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unwrapSecrets(v)]));
  }
  return value;
}

function configFor(policy: Policy, config: Record<string, object>): object {
  const defaults = Object.fromEntries(
    Object.entries(policy.configSchema?.properties ?? {}).map(([k, schema]) => [k, (schema as { default?: unknown }).default]),
  );
  return { ...defaults, ...(config[policy.name] ?? {}) };
}

const urnOf = (r: Res) => `urn:pulumi:test::crossarch::${r.type}::${r.name}`;

/** Run a pack's policies over resources. */
export async function runPack(
  policies: Policies,
  resources: readonly Res[],
  options: { config?: Record<string, object>; stackTags?: Record<string, string> } = {},
): Promise<PackRun> {
  const run: PackRun = { violations: [], unknown: [], notApplicable: [] };
  const stackTags = new Map(Object.entries(options.stackTags ?? {}));
  const notApplicable = (reason?: string): never => {
    throw new NotApplicable(reason ?? "");
  };
  const byUrn = new Map(resources.map((r) => [urnOf(r), r.name]));
  for (const policy of policies) {
    const level = policy.enforcementLevel ?? "advisory";
    const getConfig = <T extends object>() => configFor(policy, options.config ?? {}) as T;
    const record = (resource: string, e: unknown) => {
      if (e instanceof NotApplicable) run.notApplicable.push({ policy: policy.name, resource, reason: e.reason });
      else if (e instanceof UnknownValueError)
        run.unknown.push({
          policy: policy.name,
          resource,
          message: `can't run during preview: ${(e as Error).message}`,
          level: "advisory",
        });
      else throw e;
    };
    if ("validateResource" in policy && policy.validateResource) {
      const validations = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
      for (const r of resources) {
        for (const validate of validations) {
          const props = unknownCheckingProxy(unwrapSecrets(r.props)) as Record<string, unknown>;
          const args = {
            type: r.type,
            props,
            urn: urnOf(r),
            name: r.name,
            opts: {},
            stackTags,
            getConfig,
            notApplicable,
            isType: () => false,
            asType: () => undefined,
          };
          try {
            await validate(args as unknown as ResourceValidationArgs, (message: string) =>
              run.violations.push({ policy: policy.name, resource: r.name, message, level }),
            );
          } catch (e) {
            record(r.name, e);
          }
        }
      }
    }
    if ("validateStack" in policy && policy.validateStack) {
      const stackResources = resources.map((r) => ({
        type: r.type,
        name: r.name,
        urn: urnOf(r),
        props: unwrapSecrets(r.props),
        opts: {},
        dependencies: [],
        propertyDependencies: {},
      }));
      try {
        await policy.validateStack(
          { resources: stackResources, stackTags, getConfig, notApplicable } as unknown as StackValidationArgs,
          (message: string, urn?: string) =>
            run.violations.push({ policy: policy.name, resource: urn ? (byUrn.get(urn) ?? urn) : "(stack)", message, level }),
        );
      } catch (e) {
        record("(stack)", e);
      }
    }
  }
  return run;
}

/** `policy resource: message` lines of the violations at a level. */
export function lines(outcomes: readonly Outcome[], level?: EnforcementLevel): string[] {
  return outcomes.filter((o) => level === undefined || o.level === level).map((o) => `${o.policy} ${o.resource}: ${o.message}`);
}
