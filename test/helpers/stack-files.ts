/** The shipped stack files, read as the CLI hands them to the program (project defaults first). */
import { loadStack, PROJECT_ROOT } from "../../stacks/stack-file";

export const ROOT = PROJECT_ROOT;

/** The flat config map of a stack (`crossarch:services` -> JSON text), project defaults applied. */
export function stackConfig(stack: string): Record<string, string> {
  return loadStack(stack).config;
}

/** The `crossarch:*` part of a stack as plain values (for tests that edit it). */
export function stackNamespace(stack: string): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(stackConfig(stack))
      .filter(([k]) => k.startsWith("crossarch:"))
      .map(([k, v]) => {
        const key = k.slice("crossarch:".length);
        return [key, /^[[{]/.test(v) ? (JSON.parse(v) as unknown) : v];
      }),
  );
}
