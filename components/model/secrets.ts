/**
 * Secrets in env: the one rule for names that look like secrets (the compose importer, the stack
 * config's warnings and the policy pack all use it), and the one walk over the env values of
 * `crossarch:services` that finds every `{ secret: <key> }`. Pure and without imports: the
 * policy pack ships a copy (policy/src/secret-facts.ts, written by scripts/vendor-policy-facts.mjs).
 */

/**
 * Names that look like secrets, over the `_`-separated words of a name, any case: a word holding
 * PASSWORD, PASSWD, SECRET, TOKEN, CREDENTIAL, PRIVATE or DSN (`WEBPASSWORD`, `ACCESSTOKEN`,
 * `SENTRY_DSN`); API KEY (`APIKEY`, `API_KEY_ID`); DATABASE_URL (a URL that carries the password);
 * the word PASS (`DB_PASS`, `PASS`, but not `PASSPORT_ID` or `BYPASS_CACHE`); a last word KEY
 * (`SIGNING_KEY`, but not `KEYCLOAK_URL` or `AWS_ACCESS_KEY_ID`).
 */
const SECRET_NAME = /PASSWORD|PASSWD|SECRET|TOKEN|CREDENTIAL|PRIVATE|DSN|API_?KEY|DATABASE_URL|(?:^|_)PASS(?:_|$)|(?:^|_)KEY$/i;

/** Whether an env name looks like a secret: its value belongs in the platform's secret mechanism, not in plain env. */
export function looksSecret(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Where an env value sits: `services[0].env.DB_PASSWORD` or `services[0].overrides.aws.env.DB_PASSWORD`. */
export type EnvPath = readonly ["services", number, "env", string] | readonly ["services", number, "overrides", string, "env", string];

/** One env value of a service, or of one of its overrides. */
export interface EnvEntry {
  /** The config path of the value. */
  path: EnvPath;
  /** The service's index in `crossarch:services`. */
  service: number;
  /** The override (an arch or target name) the value sits in; absent for the service's own env. */
  override?: string;
  /** The env name. */
  name: string;
  /** The value as given: text, `{ secret: <key> }`, or (in raw config) anything. */
  value: unknown;
}

/** An env value `{ secret: <key> }`: `key` is the `crossarch` config key that holds the secret. */
export interface SecretRef extends Omit<EnvEntry, "value"> {
  /** The `crossarch` config key that holds the secret (set with `pulumi config set --secret`). */
  key: string;
}

/** The one narrowing: a plain object's fields, or nothing for anything else (text, lists, null). */
function fieldsOf(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/**
 * Every env value of a services list, raw (as decoded from the stack file) or parsed: each
 * service's `env`, then each override's, in the order given. Anything malformed (a service, an
 * env map or an override that is not an object) holds no values.
 */
export function envEntries(services: unknown): EnvEntry[] {
  return Array.isArray(services) ? services.flatMap((svc: unknown, i) => serviceEnvEntries(svc, i)) : [];
}

/** The env values of one service (`services[i]`): its `env`, then each override's. */
export function serviceEnvEntries(svc: unknown, i: number): EnvEntry[] {
  const fields = fieldsOf(svc);
  const own = Object.entries(fieldsOf(fields?.env) ?? {}).map(([name, value]): EnvEntry => ({
    path: ["services", i, "env", name],
    service: i,
    name,
    value,
  }));
  const overridden = Object.entries(fieldsOf(fields?.overrides) ?? {}).flatMap(([override, o]) =>
    Object.entries(fieldsOf(fieldsOf(o)?.env) ?? {}).map(([name, value]): EnvEntry => ({
      path: ["services", i, "overrides", override, "env", name],
      service: i,
      override,
      name,
      value,
    })),
  );
  return [...own, ...overridden];
}

/** The config key an env value `{ secret: <key> }` names, or nothing for any other value. */
export function secretKeyOf(value: unknown): string | undefined {
  const key = fieldsOf(value)?.secret;
  return typeof key === "string" ? key : undefined;
}

/** Every `{ secret: <key> }` env value of a services list (raw or parsed), with its config path. */
export function secretRefs(services: unknown): SecretRef[] {
  return envEntries(services).flatMap(({ value, ...at }) => {
    const key = secretKeyOf(value);
    return key === undefined ? [] : [{ ...at, key }];
  });
}
