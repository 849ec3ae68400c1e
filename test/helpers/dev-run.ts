/** Run the program for a shipped stack under mocks and return what it registered. */
import { program, type ProgramOutputs } from "../../infra/program";
import { mockStack, settle, type Recorded } from "./mocks";
import { OFFLINE, runnableConfig } from "./stacks";

/** Every resource the program registers for `stack`, after all outputs settled. */
export async function registeredFor(
  stack: string,
  edit?: (config: Record<string, string>) => void,
  secretKeys: string[] = [],
): Promise<{ recorded: Recorded[]; out: ProgramOutputs }> {
  const config = runnableConfig(stack);
  edit?.(config);
  const recorded = await mockStack(stack, config, false, secretKeys);
  const out = await program(OFFLINE);
  await settle();
  return { recorded, out };
}
