/**
 * Pulumi mocks that record every resource the program registers, by type token.
 */
import * as pulumi from "@pulumi/pulumi";

/** One registered resource. */
export interface Recorded {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** Install mocks for `stack` with `config` (flat `ns:key` map); returns the list they fill. */
export async function mockStack(stack: string, config: Record<string, string>, preview = false): Promise<Recorded[]> {
  const recorded: Recorded[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs } };
      },
      call(args) {
        return args.inputs;
      },
    },
    "crossarch",
    stack,
    preview,
  );
  pulumi.runtime.setAllConfig(config);
  return recorded;
}
