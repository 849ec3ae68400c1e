/**
 * The diff every stand-in answers with: compares the old inputs with the new ones key by key,
 * so a removed key is a change, and marks the keys whose change the real provider answers
 * with a replacement.
 */
import { replacesAmong, type ReplaceRule } from "./model";
import { containsUnknown, deepEqual, type Props } from "./values";

/** The kinds of `pulumirpc.PropertyDiff.Kind`, by name. */
export type DiffKind = "ADD" | "ADD_REPLACE" | "DELETE" | "DELETE_REPLACE" | "UPDATE" | "UPDATE_REPLACE";

export interface InputDiff {
  /** Top-level keys whose value differs (added, removed, changed, or unknown during preview). */
  changed: string[];
  /** The subset that forces a replacement. */
  replaces: string[];
  /** Per changed key, what kind of change it is. */
  detailed: Record<string, DiffKind>;
}

/** Diff two input bags under a replace rule. */
export function diffInputs(olds: Props, news: Props, rule: ReplaceRule): InputDiff {
  const keys = [...new Set([...Object.keys(olds), ...Object.keys(news)])].sort();
  const changed = keys.filter((k) => containsUnknown(news[k]) || !deepEqual(olds[k], news[k]));
  const replaces = replacesAmong(rule, changed);
  const detailed: Record<string, DiffKind> = {};
  for (const k of changed) {
    const base = olds[k] === undefined ? "ADD" : news[k] === undefined ? "DELETE" : "UPDATE";
    detailed[k] = (replaces.includes(k) ? `${base}_REPLACE` : base) as DiffKind;
  }
  return { changed, replaces, detailed };
}
