/**
 * Pulumi mocks that record every resource the program registers, by type token, and answer
 * with the outputs the real providers would compute (digests, registry hosts, ids).
 */
import * as pulumi from "@pulumi/pulumi";
import { STANDIN_AWS_ACCOUNT } from "../../standins/aws";
import { STAND_INS } from "../../standins/packages";
import { StandInProvider } from "../../standins/provider";
import { isSecret } from "../../standins/values";
import { STACK_SECRETS } from "./stacks";

/** One registered resource. */
export interface Recorded {
  type: string;
  name: string;
  inputs: Record<string, any>;
  /** False for a component resource. */
  custom: boolean;
  /** The id and outputs the stand-in gave it. */
  id: string;
  outputs: Record<string, any>;
}

export const AWS_ACCOUNT = STANDIN_AWS_ACCOUNT;

/**
 * The stand-in providers the engine runs in .ci/run answer the mocks too, so unit tests see
 * the same ids, names and computed outputs (one set of rules). Explicit providers' config is not
 * visible to mocks: every stand-in runs with its default region.
 */
const PROVIDERS = Object.fromEntries(Object.entries(STAND_INS).map(([name, pkg]) => [name, new StandInProvider(pkg, "mock")]));
const providerFor = (token: string) => PROVIDERS[token.split(":")[0]];

/** Install mocks for `stack` with `config` (flat `ns:key` map); returns the list they fill. */
export async function mockStack(
  stack: string,
  config: Record<string, string>,
  preview = false,
  /** Keys set with `--secret`; default: the shipped stack's secrets that `config` holds. */
  secretKeys: string[] = Object.keys(STACK_SECRETS[stack] ?? {}).filter((k) => k in config),
): Promise<Recorded[]> {
  const recorded: Recorded[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const provider = providerFor(args.type);
        const urn = `urn:pulumi:${stack}::crossarch::${args.type}::${args.name}`;
        const { id, outs } =
          !provider || args.type.startsWith("pulumi:providers:")
            ? { id: `${args.name}-id`, outs: args.inputs }
            : provider.create(urn, provider.check(urn, {}, args.inputs, "mock"));
        recorded.push({ type: args.type, name: args.name, custom: args.custom !== false, inputs: args.inputs, id, outputs: outs });
        return { id, state: outs };
      },
      call(args) {
        const provider = providerFor(args.token);
        return provider ? provider.invoke(args.token, args.inputs) : args.inputs;
      },
    },
    "crossarch",
    stack,
    preview,
  );
  pulumi.runtime.setAllConfig(config, secretKeys);
  return recorded;
}

/** Resolve an output's value under mocks. */
export function valueOf<T>(output: pulumi.Output<T> | T): Promise<T> {
  return new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));
}

/**
 * Wait until every pending registration and output of the mocked program has settled, so one
 * test's late work cannot land in the next test's mocks.
 */
export async function settle(): Promise<void> {
  await pulumi.runtime.disconnect();
}

/** True when a recorded input arrived as a Pulumi secret. */
export const isSecretInput = isSecret;

/** A recorded input without its secret wrapper. */
export function plain<T = any>(value: unknown): T {
  return (isSecretInput(value) ? (value as { value: unknown }).value : value) as T;
}

/** The recorded resources of one type token. */
export function ofType(recorded: readonly Recorded[], type: string): Recorded[] {
  return recorded.filter((r) => r.type === type);
}

/** The one recorded resource with this type and name. */
export function one(recorded: readonly Recorded[], type: string, name: string): Recorded {
  const found = recorded.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1)
    throw new TypeError(
      `expected one ${type} named ${name}, found ${found.length}: ${recorded.map((r) => `${r.type}/${r.name}`).join(", ")}`,
    );
  return found[0];
}
