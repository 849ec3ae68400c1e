/**
 * Read a stack's config the way the Pulumi CLI hands it to a program: the project's config
 * defaults from `Pulumi.yaml`, then the stack file (`Pulumi.<stack>.yaml`, or another file as
 * with `--config-file`) over them, as a flat map of `namespace:key` -> string (structured values
 * as JSON). Secure values (`secure: v1:...`, at the top or nested under a `--path`) cannot be
 * decrypted without the stack's passphrase: they are listed in `secretKeys` and read as
 * {@link SECRET_PLACEHOLDER}. The one reader for `npm run plan`, the runner and the tests.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseDocument } from "yaml";

export const PROJECT_ROOT = path.resolve(__dirname, "..");

/** What an offline read puts where a secure value is. */
export const SECRET_PLACEHOLDER = "[secret]";

/** A stack's config as a program would receive it. */
export interface LoadedStack {
  project: string;
  stack: string;
  /** The stack file read. */
  file: string;
  /** `namespace:key` -> value (JSON text for objects and lists). */
  config: Record<string, string>;
  /** Keys whose value is or contains a secure value. */
  secretKeys: string[];
}

/** A project or stack file that cannot be read; the message names the file (and line). */
export class StackFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StackFileError";
  }
}

/** Parse a YAML file; an error names the file and line. */
function readYaml(file: string): Record<string, unknown> {
  if (!fs.existsSync(file)) throw new StackFileError(`${file}: no such file`);
  const doc = parseDocument(fs.readFileSync(file, "utf8"), { uniqueKeys: true, prettyErrors: true });
  const first = doc.errors[0];
  if (first) {
    const at = first.linePos?.[0];
    throw new StackFileError(`${file}${at ? `:${at.line}:${at.col}` : ""}: ${first.message.split("\n")[0]}`);
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (e) {
    // an alias to no anchor, or an alias bomb: the parser knows the node, not the line
    throw new StackFileError(`${file}: ${(e as Error).message}`);
  }
  if (value === null || value === undefined) return {};
  if (typeof value !== "object" || Array.isArray(value))
    throw new StackFileError(`${file}: must be a YAML mapping, got ${JSON.stringify(value)}`);
  return value as Record<string, unknown>;
}

const isSecure = (v: unknown): boolean =>
  typeof v === "object" && v !== null && !Array.isArray(v) && Object.keys(v).length === 1 && "secure" in v;

/** Replace secure leaves with the placeholder; report whether there were any. */
function maskSecure(v: unknown): { value: unknown; secret: boolean } {
  if (isSecure(v)) return { value: SECRET_PLACEHOLDER, secret: true };
  if (Array.isArray(v)) {
    const parts = v.map(maskSecure);
    return { value: parts.map((p) => p.value), secret: parts.some((p) => p.secret) };
  }
  if (typeof v === "object" && v !== null) {
    const entries = Object.entries(v).map(([k, x]) => [k, maskSecure(x)] as const);
    return { value: Object.fromEntries(entries.map(([k, p]) => [k, p.value])), secret: entries.some(([, p]) => p.secret) };
  }
  return { value: v, secret: false };
}

/** `key` in the project namespace is `<project>:key`, as the CLI reads it. */
const qualify = (project: string, key: string) => (key.includes(":") ? key : `${project}:${key}`);
const asText = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** The project's name and the config values it declares (`default:` or `value:`). */
export function projectDefaults(root = PROJECT_ROOT): { project: string; defaults: Record<string, string>; required: string[] } {
  const file = path.join(root, "Pulumi.yaml");
  const doc = readYaml(file);
  if (typeof doc.name !== "string") throw new StackFileError(`${file}: needs a project name`);
  const project = doc.name;
  const defaults: Record<string, string> = {};
  const required: string[] = [];
  for (const [key, decl] of Object.entries((doc.config ?? {}) as Record<string, unknown>)) {
    const spec = typeof decl === "object" && decl !== null && !Array.isArray(decl) ? (decl as Record<string, unknown>) : { value: decl };
    const value = "default" in spec ? spec.default : "value" in spec ? spec.value : undefined;
    if (value !== undefined) defaults[qualify(project, key)] = asText(value);
    // the CLI refuses a stack that does not set a key declared with neither default nor value
    else required.push(qualify(project, key));
  }
  return { project, defaults, required };
}

/** Load `stack` as the CLI would; `configFile` replaces `Pulumi.<stack>.yaml` like `--config-file`. */
export function loadStack(stack: string, options: { root?: string; configFile?: string } = {}): LoadedStack {
  const root = options.root ?? PROJECT_ROOT;
  const { project, defaults, required } = projectDefaults(root);
  const file = options.configFile ?? path.join(root, `Pulumi.${stack}.yaml`);
  if (!fs.existsSync(file)) {
    const known = fs.readdirSync(root).flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? []);
    throw new StackFileError(`${file}: no such stack file; stack files here: ${known.join(", ") || "none"}`);
  }
  const doc = readYaml(file);
  if (doc.config !== undefined && doc.config !== null && (typeof doc.config !== "object" || Array.isArray(doc.config)))
    throw new StackFileError(
      `${file}: config must be a mapping of key: value (crossarch:app: shop), got ${Array.isArray(doc.config) ? "a list" : JSON.stringify(doc.config)}`,
    );
  const config: Record<string, string> = { ...defaults };
  const secretKeys: string[] = [];
  for (const [key, raw] of Object.entries((doc.config ?? {}) as Record<string, unknown>)) {
    const { value, secret } = maskSecure(raw);
    const full = qualify(project, key);
    config[full] = asText(value);
    if (secret) secretKeys.push(full);
  }
  const missing = required.filter((k) => !(k in config));
  if (missing.length > 0)
    throw new StackFileError(
      `${file}: Stack '${stack}' is missing configuration value${missing.length > 1 ? "s" : ""} ${missing.map((k) => `'${k}'`).join(", ")} (Pulumi.yaml declares ${missing.length > 1 ? "them" : "it"} with no default)`,
    );
  return { project, stack, file, config, secretKeys };
}
