/** Run the program for a shipped stack under mocks and return what it registered. */
import { program, type ProgramOutputs } from "../../infra/program";
import { mockStack, settle, type Recorded } from "./mocks";
import { OFFLINE, runnableConfig, STACK_SECRETS } from "./stacks";

/** Every resource the program registers for `stack`, after all outputs settled. */
export async function registeredFor(
  stack: string,
  edit?: (config: Record<string, string>) => void,
  secretKeys: string[] = [],
  /** Also mark the shipped stack's secrets (`crossarch:dbPassword`) as set with `--secret`. */
  shippedSecrets = true,
): Promise<{ recorded: Recorded[]; out: ProgramOutputs }> {
  const config = runnableConfig(stack);
  edit?.(config);
  // the shipped stack's secrets are set with --secret, as a user sets them
  const shipped = shippedSecrets ? Object.keys(STACK_SECRETS[stack] ?? {}).filter((k) => k in config) : [];
  const recorded = await mockStack(stack, config, false, [...shipped, ...secretKeys]);
  const out = await program(OFFLINE);
  await settle();
  return { recorded, out };
}
