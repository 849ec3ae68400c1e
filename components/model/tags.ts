/**
 * The standard tags every taggable resource carries, as plain strings so policies can
 * read them at preview (AWS/Azure `tags`, OCI `freeformTags`).
 */
import type { Arch } from "./arch";
import type { Problem } from "./problems";

/** The keys of the standard tags. */
export const STANDARD_TAG_KEYS = ["arch", "app", "stack", "managed-by"] as const;

/** The value of `managed-by`. */
export const MANAGED_BY = "crossarch";

/** What the standard tags are made from. */
export interface TagInput {
  /** The arch the resource runs or serves. */
  arch: Arch;
  /** The application (the stack's `crossarch:app`). */
  app: string;
  /** The Pulumi stack name. */
  stack: string;
}

/** The standard tags as a plain string map. */
export type StandardTags = Record<(typeof STANDARD_TAG_KEYS)[number], string>;

/** Build the standard tags; `extra` tags are added but cannot replace a standard one. */
export function standardTags(input: TagInput, extra: Record<string, string> = {}): Record<string, string> {
  const tags: StandardTags = { arch: input.arch, app: input.app, stack: input.stack, "managed-by": MANAGED_BY };
  return { ...extra, ...tags };
}

/**
 * A value every cloud accepts as a tag value and that names a resource safely:
 * letters, digits, `.`, `_`, `-`; 1-63 characters, starting with a letter or digit.
 */
const TAG_VALUE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** Check a value that will become a tag (app or stack name). */
export function validateTagValue(value: string): Problem[] {
  return TAG_VALUE.test(value)
    ? []
    : [
        {
          path: [],
          message: `${JSON.stringify(value)} cannot be a tag value on every cloud; allowed: 1-63 letters, digits, ".", "_" or "-", starting with a letter or digit`,
        },
      ];
}
