/**
 * Validation results shared by the model, the components and the stack config.
 * Validators are pure: they return problems; callers decide how to raise them.
 */
import * as pulumi from "@pulumi/pulumi";

/** A path into a value: property names and array indexes. */
export type PropertyPath = readonly (string | number)[];

/** One thing wrong with an input: where, and what was given against what is allowed. */
export interface Problem {
  /** Where the bad value sits, relative to the validated object. */
  path: PropertyPath;
  /** What was given and what is allowed. */
  message: string;
}

/** `["services", 1, "health", "path"]` -> `services[1].health.path`. */
export function formatPath(path: PropertyPath): string {
  let out = "";
  if (path.length === 0) return "(root)";
  for (const part of path) {
    if (typeof part === "number") out += `[${part}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(part)) out += out === "" ? part : `.${part}`;
    else out += `[${JSON.stringify(part)}]`;
  }
  return out;
}

/** Prefix every problem's path. */
export function under(prefix: PropertyPath, problems: readonly Problem[]): Problem[] {
  return problems.map((p) => ({ path: [...prefix, ...p.path], message: p.message }));
}

/** Render a value for an error message: strings quoted, everything else as JSON. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  return JSON.stringify(value);
}

/**
 * Throw the problems as Pulumi input errors so the engine reports the property paths.
 * Does nothing when there are none.
 */
export function throwIfProblems(what: string, problems: readonly Problem[]): void {
  if (problems.length === 0) return;
  const errors = problems.map((p) => ({ propertyPath: formatPath(p.path), reason: p.message }));
  if (errors.length === 1) throw new pulumi.InputPropertyError(errors[0]);
  throw new pulumi.InputPropertiesError({
    message: `${what}: ${errors.length} invalid inputs:\n${errors.map((e) => `  ${e.propertyPath}: ${e.reason}`).join("\n")}`,
    errors,
  });
}
