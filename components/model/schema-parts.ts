/**
 * The pieces every config schema is made of (the stack's and each target kind's fragment):
 * strict objects, names, ports, sizes, memory, CIDRs.
 */
import { z } from "zod";
import { ARCHES } from "./arch";
import { parseCidr } from "./cidr";
import { parseMemory } from "./units";

/**
 * A strict object whose unknown keys are reported with the keys that are allowed. `retired`: keys
 * the shape still recognises only to refuse them with advice; never listed as allowed.
 */
export function strict<T extends z.ZodRawShape>(shape: T, retired: readonly string[] = []) {
  const allowed = Object.keys(shape)
    .filter((k) => !retired.includes(k))
    .join(", ");
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `unknown key${iss.keys.length > 1 ? "s" : ""} ${iss.keys.map((k) => JSON.stringify(k)).join(", ")}; allowed: ${allowed}`
        : undefined,
  });
}

/** The pattern of a {@link name}. */
export const NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
/** A name that is safe as a resource name, a DNS label and a tag value on every cloud. */
export const name = z.string().regex(NAME, "must be 2-32 lowercase letters, digits or '-', starting with a letter and not ending with '-'");

/** An image name: a repository name on every registry (ECR, ACR, OCIR allow no doubled separators). */
export const imageName = z
  .string()
  .regex(
    /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/,
    "must be lowercase letters and digits in words joined by single '-' (it becomes a repository name)",
  )
  .max(32, "must be at most 32 characters");

/** A TCP port, 1-65535. */
export const port = z.number().int().min(1).max(65535);
/** A whole number of seconds, 0 or more. */
export const seconds = z.number().int().min(0);
/** vCPUs (OCPUs on OCI): more than 0, at most 128. */
export const cpu = z.number().positive().max(128);
/** A CPU architecture crossarch knows (`amd64`, `arm64`). */
export const arch = z.enum(ARCHES as [string, ...string[]]).transform((a) => a as (typeof ARCHES)[number]);
/** A Linux image platform. */
export const platform = z.enum(["linux/amd64", "linux/arm64"]);

/** Memory as `512Mi` / `1.5Gi`, parsed to MiB. */
export const memory = z
  .string({
    error: (iss) =>
      iss.input === undefined ? undefined : 'must be a memory quantity with a unit, such as "512Mi" or "1.5Gi" (a bare number has none)',
  })
  .transform((text, ctx) => {
    const mib = parseMemory(text);
    if (mib === undefined) {
      ctx.addIssue({
        code: "custom",
        message: 'must be a memory quantity such as "512Mi" or "1.5Gi" (a whole number of MiB)',
        input: text,
      });
      return z.NEVER;
    }
    return mib;
  });

/** An IPv4 CIDR block whose prefix length is between `min` and `max`. */
export function cidr(min: number, max: number) {
  return z.string().refine((c) => {
    const parsed = parseCidr(c);
    return parsed !== undefined && parsed[1] >= min && parsed[1] <= max;
  }, `must be an IPv4 CIDR block from /${min} to /${max} without host bits, e.g. 10.0.0.0/16`);
}

/** An HTTP path: starts with `/`, printable ASCII without spaces. */
export const httpPath = z.string().regex(/^\/[\x21-\x7e]*$/, "must be an HTTP path starting with '/', without spaces");
/** An environment variable name. */
export const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name: letters, digits and '_', not starting with a digit");

/** A target's capacity budget: the services on it must fit. */
export const budget = strict({ cpu, memory });

/** Config key (in the `crossarch` namespace) holding a registry password, set with `--secret`. */
export const passwordSecret = z.string().regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "must be a config key name");

/** A price: a non-negative number of USD. */
export const rate = z.number().nonnegative();
