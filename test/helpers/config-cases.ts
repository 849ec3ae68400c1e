/** Helpers for tests that edit a stack's config and parse it. */
import { ConfigError, parseStackConfig } from "../../infra/config";
import type { StackPlan } from "../../infra/plan";
import { ROOT, stackNamespace } from "./stack-files";

/** Any JSON-ish config tree. */
export type Tree = Record<string, any>;

/** A fresh copy of a stack's `crossarch:*` namespace. */
export function namespaceOf(stack: string): Tree {
  return structuredClone(stackNamespace(stack)) as Tree;
}

/** Parse a namespace as the program would (2 host cores, like CI; build contexts in this project). */
export function plan(raw: Tree, stack = "dev"): StackPlan {
  return parseStackConfig(raw, { project: "crossarch", stack, hostCpus: 2, projectRoot: ROOT });
}

/** The problems a namespace has, as `key: message` lines; none when it parses. */
export function problemsOf(raw: Tree, stack = "dev"): string[] {
  try {
    plan(raw, stack);
    return [];
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.message
      .split("\n")
      .slice(1)
      .map((l) => l.trim());
  }
}
