/**
 * Issue 26: one "looks like a secret" rule (components/model/secrets.ts) that the compose
 * importer, the stack config's warnings and the policy pack all apply, and one walk over the
 * `{ secret: <key> }` env values of `crossarch:services`, tolerant of raw config.
 */
import { describe, expect, it } from "vitest";
import { envEntries, looksSecret, secretRefs } from "../../components/model/secrets";
import { secretKeysNamed } from "../../infra/config";
import { mapCompose } from "../../tools/compose/map";
import { policies } from "../../policy/src/policies";
import { runPack } from "../policy/harness";
import { namespaceOf, plan } from "../helpers/config-cases";
import { ROOT } from "../helpers/stack-files";

/**
 * Env names, most from the compose files of docker/awesome-compose (/work/shared/compose-corpus),
 * with what the rule says. The old importer rule and the old policy rule disagreed on the
 * DATABASE_URL ... GPG_PRIVATE rows; neither took the word PASS.
 */
const NAMES: [string, boolean][] = [
  ["POSTGRES_PASSWORD", true],
  ["MYSQL_ROOT_PASSWORD", true],
  ["MYSQL_PASSWORD", true],
  ["WORDPRESS_DB_PASSWORD", true],
  ["GF_SECURITY_ADMIN_PASSWORD", true],
  ["PGADMIN_DEFAULT_PASSWORD", true],
  ["SA_PASSWORD", true],
  ["WEBPASSWORD", true],
  ["POSTGRES_PASSWORD_FILE", true],
  ["DATABASE_URL", true],
  ["DB_PASSWD", true],
  ["APIKEY", true],
  ["API_KEY_ID", true],
  ["KEY", true],
  ["SENTRY_DSN", true],
  ["GOOGLE_APPLICATION_CREDENTIALS", true],
  ["GPG_PRIVATE", true],
  ["DB_PASS", true],
  ["SMTP_PASS", true],
  ["RABBITMQ_DEFAULT_PASS", true],
  ["PASS", true],
  ["API_KEY", true],
  ["SIGNING_KEY", true],
  ["GITHUB_TOKEN", true],
  ["JWT_SECRET", true],
  ["POSTGRES_USER", false],
  ["POSTGRES_DB", false],
  ["MYSQL_DATABASE", false],
  ["MYSQL_HOST", false],
  ["REDIS_HOST", false],
  ["REDIS_URL", false],
  ["KAFKA_URL", false],
  ["NODE_ENV", false],
  ["TZ", false],
  ["RUST_LOG", false],
  ["PGDATA", false],
  ["PUID", false],
  ["ASPNETCORE_URLS", false],
  ["FLASK_SERVER_ADDR", false],
  ["PASSPORT_ID", false],
  ["BYPASS_CACHE", false],
  ["KEYCLOAK_URL", false],
  ["AWS_ACCESS_KEY_ID", false],
];
const SECRET = NAMES.filter(([, s]) => s).map(([n]) => n);

describe("looksSecret, the one rule", () => {
  it.each(NAMES)("%s -> %s", (name, secret) => {
    expect(looksSecret(name)).toBe(secret);
  });

  it("reads names in any case", () => {
    expect(["db_pass", "Postgres_Password", "sentry_dsn"].map(looksSecret)).toEqual([true, true, true]);
    expect(["passport_id", "bypass_cache"].map(looksSecret)).toEqual([false, false]);
  });

  it("is what the compose importer turns into { secret: <key> }", () => {
    const environment = Object.fromEntries(NAMES.map(([n]) => [n, "literal"]));
    const service = { image: "docker.io/library/nginx:1.27", environment };
    const result = mapCompose(
      {
        project: { name: "rule", services: { app: service } },
        raw: { services: { app: service } },
        envFileVariables: [],
        serviceEnvFileVariables: {},
      },
      { stack: "rule", kind: "local", projectRoot: ROOT },
    );
    const env = (result.config.services as { env: Record<string, unknown> }[])[0].env;
    expect(
      Object.keys(env)
        .filter((n) => typeof env[n] === "object")
        .sort(),
    ).toEqual([...SECRET].sort());
    expect(result.secrets.flatMap((s) => s.usedBy).sort()).toEqual(SECRET.map((n) => `app.environment.${n}`).sort());
  });

  it("is what the stack config warns of when given as plain text, in a service's env and an override's", () => {
    const raw = namespaceOf("dev");
    raw.services[0].env = Object.fromEntries(NAMES.map(([n]) => [n, "x"]));
    raw.services[0].env.DB_PASSWORD = { secret: "dbPassword" };
    raw.services[0].overrides.arm64 = { env: { SMTP_PASS: "x", NODE_ENV: "production" } };
    const warned = plan(raw).warnings.filter((w) => w.message.startsWith("looks like a secret"));
    expect(warned.map((w) => w.path.join("."))).toEqual([
      ...SECRET.map((n) => `services.0.env.${n}`),
      "services.0.overrides.arm64.env.SMTP_PASS",
    ]);
    expect(warned[0].message).toBe(
      "looks like a secret but is plain text; give it as { secret: <key> } and set it with: pulumi config set --secret crossarch:<key> (the policy pack refuses POSTGRES_PASSWORD as plain env on ECS and Container Apps)",
    );
    expect(plan(namespaceOf("dev")).warnings.filter((w) => w.message.startsWith("looks like a secret"))).toEqual([]);
  });

  it("is what the policy pack refuses as plain env, on ECS and Container Apps", async () => {
    const pack = policies.filter((p) => p.name === "crossarch-no-plain-secrets");
    const env = NAMES.map(([name]) => ({ name, value: "x" }));
    const run = await runPack(pack, [
      {
        type: "aws:ecs/taskDefinition:TaskDefinition",
        name: "task",
        props: { containerDefinitions: JSON.stringify([{ name: "api", environment: env }]) },
      },
      { type: "azure-native:app:ContainerApp", name: "app", props: { template: { containers: [{ name: "api", env }] } } },
    ]);
    const refused = run.violations.map((v) => [v.resource, /^has (.*) as plain env/.exec(v.message)?.[1].split(", ")]);
    expect(refused).toEqual([
      [expect.stringContaining("task"), SECRET],
      [expect.stringContaining("app"), SECRET],
    ]);
  });
});

describe("secretRefs, the one walk", () => {
  const services: unknown = [
    null,
    "text",
    42,
    { env: "nope", overrides: "nope" },
    {
      env: { A: { secret: "keyA" }, B: "plain", C: null, D: { secret: 5 }, E: [{ secret: "inList" }], F: { secret: "keyF", extra: 1 } },
      overrides: { arm64: { env: { G: { secret: "keyG" }, H: "plain" } }, aws: null, azure: "x", oci: { env: [{ secret: "inList" }] } },
    },
    { overrides: [{ env: { I: { secret: "inList" } } }] },
    { env: { J: { secret: "keyJ" } } },
  ];

  it("finds every { secret: <key> } with its config path, skipping anything malformed", () => {
    expect(secretRefs(services)).toEqual([
      { path: ["services", 4, "env", "A"], service: 4, name: "A", key: "keyA" },
      { path: ["services", 4, "env", "F"], service: 4, name: "F", key: "keyF" },
      { path: ["services", 4, "overrides", "arm64", "env", "G"], service: 4, override: "arm64", name: "G", key: "keyG" },
      { path: ["services", 6, "env", "J"], service: 6, name: "J", key: "keyJ" },
    ]);
  });

  it("finds nothing where services is not a list", () => {
    for (const notAList of [undefined, null, "services", 7, { 0: { env: { A: { secret: "k" } } } }])
      expect(secretRefs(notAList)).toEqual([]);
  });

  it("walks every env value, plain ones too, in config order", () => {
    expect(envEntries(services).map((e) => e.path.join("."))).toEqual([
      "services.4.env.A",
      "services.4.env.B",
      "services.4.env.C",
      "services.4.env.D",
      "services.4.env.E",
      "services.4.env.F",
      "services.4.overrides.arm64.env.G",
      "services.4.overrides.arm64.env.H",
      "services.6.env.J",
    ]);
  });

  it("is what the raw namespace reads to leave secrets out of the config", () => {
    expect(secretKeysNamed({ services, targets: { aws: { registry: { passwordSecret: "awsPass" } } } })).toEqual([
      "awsPass",
      "keyA",
      "keyF",
      "keyG",
      "keyJ",
    ]);
  });
});
