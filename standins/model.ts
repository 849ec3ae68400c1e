/**
 * What a stand-in knows of one cloud package: how the real provider names, identifies and
 * computes outputs for the resource types crossarch registers, which property changes it
 * answers with a replacement, and the invokes the program makes. Everything is derived from
 * the inputs and the provider's config, so two runs give the same values.
 */
import type { Props } from "./values";

/** One resource as a stand-in sees it. */
export interface ResourceContext {
  /** Type token, e.g. `aws:ecr/repository:Repository`. */
  type: string;
  /** Logical name (the last part of the URN). */
  name: string;
  urn: string;
  /** The checked inputs (autonames filled in). */
  inputs: Props;
  /** The provider's config (`region`, ...). */
  config: Record<string, string>;
  /** The id the real provider would give; set once created. */
  id: string;
}

/** Which top-level input properties force a replacement when they change. */
export type ReplaceRule = { replace: readonly string[] } | { replaceAllExcept: readonly string[] };

/** An autonamed property: the real provider fills it from the logical name plus a random suffix. */
export interface Autoname {
  property: string;
  /** Longest legal name (the suffix is cut to fit). */
  maxLength?: number;
  /** Letters and digits only (ACR, storage accounts). */
  alphanumeric?: boolean;
  /** A GUID instead of a name (Azure role assignments). */
  guid?: boolean;
}

/** The per-package tables. */
export interface StandInPackage {
  /** Plugin name: `aws`, `azure-native`, `oci`, `docker-build`. */
  name: string;
  autoname(type: string): Autoname | undefined;
  /** The id of a new resource. */
  id(ctx: Omit<ResourceContext, "id">): string;
  /** Outputs the provider computes (merged over the inputs). */
  computed(ctx: ResourceContext): Props;
  replaceRule(type: string): ReplaceRule;
  /** The inputs as the real provider's diff sees them (fields it ignores removed); default as given. */
  forDiff?(type: string, inputs: Props): Props;
  /** Answer an invoke; `undefined` for a token this stand-in does not know. */
  invoke(token: string, args: Props, config: Record<string, string>): Props | undefined;
}

/** The names of the top-level properties that force replacement under `rule`. */
export function replacesAmong(rule: ReplaceRule, changed: readonly string[]): string[] {
  return "replace" in rule ? changed.filter((k) => rule.replace.includes(k)) : changed.filter((k) => !rule.replaceAllExcept.includes(k));
}
