/** The shipped stack files, read as the CLI hands them to the program (project defaults first). */
import { rawNamespace } from "../../infra/config";
import { loadStack, PROJECT_ROOT } from "../../stacks/stack-file";

export const ROOT = PROJECT_ROOT;

/** The flat config map of a stack (`crossarch:services` -> JSON text), project defaults applied. */
export function stackConfig(stack: string): Record<string, string> {
  return loadStack(stack).config;
}

/** The `crossarch:*` part of a stack as plain values (for tests that edit it), decoded as the program decodes it. */
export function stackNamespace(stack: string): Record<string, unknown> {
  return rawNamespace(stackConfig(stack)).raw;
}
