/**
 * A compose service's environment as crossarch env: what connects injects and `PORT` are
 * dropped (crossarch sets them), and values that are secrets by name or by origin (an env file,
 * the shell, a `${VAR}` that names one) become `{ secret: <key> }`, with the key listed to set.
 */
import type { ComposeService } from "./load";
import { looksSecret } from "./rules";
import { configKey } from "./names";
import type { Mapping } from "./map-project";
import type { Out } from "./map-service";

/** Environment: secrets by name or by origin become { secret: <key> }. */
export function mapEnv(m: Mapping, c: string, svc: ComposeService, name: string, out: Out, connects: string[]): void {
  const env: Record<string, unknown> = {};
  for (const [k, value] of Object.entries(svc.environment ?? {}).sort(([a], [b]) => a.localeCompare(b))) {
    if (setByCrossarch(m, c, k, connects)) continue;
    env[k] = envValue(m, c, name, k, value);
  }
  if (Object.keys(env).length > 0) out.env = env;
}

/** A variable crossarch sets itself (a connection's address, `PORT`): dropped, with why. */
function setByCrossarch(m: Mapping, c: string, k: string, connects: string[]): boolean {
  const raw = m.loaded.raw.services[c] ?? {};
  const injectedBy = connects.find((d) => [`_HOST`, `_PORT`, `_URL`].some((x) => k === `${d.toUpperCase().replace(/-/g, "_")}${x}`));
  if (injectedBy) {
    const template = String(raw.environment?.[k] ?? "");
    const carries = /\/\/[^/\s]*@/.test(template) || /:\d+\/\S/.test(template);
    m.drop(
      c,
      `environment.${k}`,
      `crossarch injects ${k} from the connection to ${injectedBy}, with the address each target gives it${carries ? "; the compose value also carries credentials or a path, which the injected address does not: pass them in another variable" : ""}`,
      carries,
    );
    return true;
  }
  if (k === "PORT") {
    m.drop(c, "environment.PORT", "crossarch sets PORT from the service's port on every target", false);
    return true;
  }
  return false;
}

/** A value as written, or `{ secret: <key> }` when it is a secret by name or by origin (the key listed to set). */
function envValue(m: Mapping, c: string, name: string, k: string, value: string | null): unknown {
  const { loaded, secrets } = m;
  const raw = loaded.raw.services[c] ?? {};
  const template = String(raw.environment?.[k] ?? value ?? "");
  const vars = [...template.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((x) => x[1]);
  const fromEnvFile = vars.filter((v) => loaded.envFileVariables.includes(v));
  const inEnvFile = (loaded.serviceEnvFileVariables?.[c] ?? []).includes(k) && raw.environment?.[k] === value;
  if (value === null || looksSecret(k) || inEnvFile || fromEnvFile.length > 0 || vars.some(looksSecret)) {
    const whole = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/.exec(template)?.[1];
    const shared = (m.templateUsers.get(`${k}=${String(raw.environment?.[k])}`) ?? 0) > 1;
    const key = whole ? configKey(whole) : shared ? configKey(k) : configKey(name, k);
    const entry = secrets.get(key) ?? {
      key,
      usedBy: [],
      from: whole
        ? `\${${whole}}`
        : vars.length > 0
          ? `a value with ${vars.map((v) => `\${${v}}`).join(", ")}`
          : value === null
            ? "the shell's environment"
            : inEnvFile
              ? "a value from its env_file"
              : "a literal in the compose file",
    };
    entry.usedBy.push(`${c}.environment.${k}`);
    secrets.set(key, entry);
    return { secret: key };
  }
  return String(value);
}
