/**
 * `npm run import -- compose` (issue 17) over the compose files of test/fixtures/compose: each
 * loads as Docker Compose loads it (compose-go: -f merges, .env and env_file, extends, profiles),
 * maps to the stack config expected, passes the config checks, and evaluates under mocks; every
 * key that cannot be expressed is listed with its service and why; no secret value reaches the
 * stack file.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { importCompose, type Imported } from "../../tools/compose/import";
import { loaderBinary } from "../../tools/compose/load";
import { program } from "../../infra/program";
import { mockStack, ofType, settle } from "../helpers/mocks";
import { OFFLINE } from "../helpers/stacks";
import { ROOT } from "../helpers/stack-files";

const FIXTURES = path.join(ROOT, "test/fixtures/compose");
const fixture = (name: string, ...files: string[]) =>
  (files.length > 0 ? files : ["docker-compose.yml"]).map((f) => path.join(FIXTURES, name, f));
const run = (name: string, options: { files?: string[]; profiles?: string[]; kind?: "local" | "aca" | "fargate" } = {}): Imported =>
  importCompose(fixture(name, ...(options.files ?? [])), {
    stack: `import-${name}`,
    kind: options.kind ?? "local",
    projectRoot: ROOT,
    ...(options.profiles && { profiles: options.profiles }),
  });
type Service = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const service = (r: Imported, name: string) => (r.config.services as Service[]).find((s) => s.name === name) as Service;

/** Evaluate an imported stack under mocks, its secrets set as a user would. */
async function evaluate(r: Imported, stack: string) {
  const flat: Record<string, string> = Object.fromEntries(
    Object.entries(r.config).map(([k, v]) => [`crossarch:${k}`, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  const secrets = [
    ...r.secrets.map((s) => `crossarch:${s.key}`),
    ...(flat["crossarch:targets"].includes("localRegistryPassword") ? ["crossarch:localRegistryPassword"] : []),
  ];
  for (const s of secrets) flat[s] = `value-of-${s}`;
  const recorded = await mockStack(stack, flat, false, secrets);
  const out = await program(OFFLINE);
  await settle();
  return { recorded, out };
}

beforeAll(() => {
  loaderBinary(); // built once (Go), then cached: the first test does not pay for it
}, 600_000);

describe("a web app with Postgres and Redis", () => {
  const r = () => run("web-postgres-redis");

  it("maps builds, refs, ports, connections, a migration job, health, a volume, sizes and replicas", () => {
    const result = r();
    expect(result.config.images).toEqual({
      cache: { ref: "redis:7-bookworm" },
      db: { ref: "postgres:16-bookworm" },
      migrate: { build: { context: "test/fixtures/compose/web-postgres-redis/web", target: "migrate" } },
      web: { build: { context: "test/fixtures/compose/web-postgres-redis/web", target: "runtime" } },
    });
    expect(service(result, "web")).toMatchObject({
      port: 3000,
      public: true,
      connects: ["cache", "db"],
      replicas: 2,
      health: { path: "/healthz", intervalSeconds: 10, timeoutSeconds: 3, retries: 3, startPeriodSeconds: 15 },
      size: { cpu: 0.3, memory: "300Mi" },
      env: { NODE_ENV: "production", REDIS_URL: "redis://cache:6379", DATABASE_URL: { secret: "databaseUrl" } },
    });
    expect(service(result, "migrate")).toMatchObject({
      job: { run: "once", before: ["web"] },
      connects: ["db"],
      args: ["npm", "run", "migrate"],
    });
    expect(service(result, "db")).toMatchObject({
      port: 5432,
      protocol: "tcp",
      volumes: [{ name: "pgdata", path: "/var/lib/postgresql/data", persistent: true }],
      health: { command: ["CMD-SHELL", "pg_isready -U shop"], intervalSeconds: 5, retries: 5 },
      env: { POSTGRES_USER: "shop", POSTGRES_PASSWORD: { secret: "dbPassword" } },
    });
    expect(service(result, "cache")).toMatchObject({ port: 6379, protocol: "tcp", health: { command: ["CMD", "redis-cli", "ping"] } });
    expect(result.notes).toContain("db: port 5432 taken from web's DATABASE_URL (compose declares none)");
    expect(result.notes).toContain(
      "web: DATABASE_URL names db:5432; on local db is not a host name: read DB_HOST and DB_PORT (injected by connects) instead",
    );
  });

  it("makes env from .env a secret to set, and writes no secret value into the stack file", () => {
    const result = r();
    expect(result.secrets.map((s) => [s.key, s.usedBy.join(" "), s.from])).toEqual([
      ["dbPassword", "db.environment.POSTGRES_PASSWORD", "${DB_PASSWORD}"],
      ["databaseUrl", "migrate.environment.DATABASE_URL web.environment.DATABASE_URL", "a value with ${DB_PASSWORD}"],
    ]);
    expect(result.stackFile).not.toContain("compose-dev-password");
    expect(JSON.stringify(result.config)).not.toContain("compose-dev-password");
  });

  it("rounds sizes up to the target's grid and says so", () => {
    const aca = run("web-postgres-redis", { kind: "aca" });
    expect(service(aca, "web").size).toEqual({ cpu: 0.5, memory: "1Gi" });
    expect(aca.notes).toContain("web: cpus 0.3 -> 0.5 (the aca grid)");
    const fargate = run("web-postgres-redis", { kind: "fargate" });
    expect(service(fargate, "web").size).toEqual({ cpu: 0.5, memory: "1Gi" });
    expect(fargate.notes).toContain("web: memory 300Mi -> 1Gi (the fargate grid)");
  });

  it("evaluates under mocks: one build per image and arch, every service on both arches", async () => {
    const { recorded, out } = await evaluate(r(), "import-web");
    expect(
      ofType(recorded, "docker-build:index:Image")
        .map((i) => i.name)
        .sort(),
    ).toEqual(["migrate-amd64", "migrate-arm64", "web-amd64", "web-arm64"]);
    expect(out.deployments.map((d) => `${d.service}/${d.arch}`).sort()).toEqual([
      "cache/amd64", "cache/arm64", "db/amd64", "db/arm64", "migrate/amd64", "migrate/arm64", "web/amd64", "web/arm64",
    ]); // prettier-ignore
  });
});

describe("an ML API with a model-downloader init job and a vector store", () => {
  it("orders the downloader before api as a once job sharing the models volume, and connects api to the store", async () => {
    const result = run("ml-api");
    expect(service(result, "downloader")).toMatchObject({
      job: { run: "once", before: ["api"] },
      volumes: [{ name: "models", path: "/models", persistent: true }],
      env: { MODEL: "bge-small-en-v1.5", HF_TOKEN: { secret: "downloaderHfToken" } },
    });
    expect(service(result, "api")).toMatchObject({
      public: true,
      connects: ["vectors"],
      health: { path: "/health", intervalSeconds: 15, startPeriodSeconds: 60 },
      size: { cpu: 1.5, memory: "3Gi" },
      volumes: [{ name: "models", path: "/models", persistent: true }],
    });
    // the address compose wrote is the one crossarch injects: not kept, and said
    expect(service(result, "api").env.VECTORS_URL).toBeUndefined();
    expect(result.dropped).toContainEqual({
      service: "api",
      key: "environment.VECTORS_URL",
      why: "crossarch injects VECTORS_URL from the connection to vectors, with the address each target gives it",
      essential: false,
    });
    const { out } = await evaluate(result, "import-ml");
    expect(out.deployments.filter((d) => d.service === "vectors").map((d) => d.arch)).toEqual(["amd64", "arm64"]);
  });
});

describe("a queue worker", () => {
  it("scales a port-less worker, keeps its read-only root and tmpfs, and checks it as compose does", async () => {
    const result = run("queue-worker");
    expect(service(result, "worker")).toMatchObject({
      replicas: 3,
      readOnlyRootFilesystem: true,
      user: "1000:1000",
      connects: ["queue"],
      volumes: [{ name: "scratch-0", path: "/tmp" }],
      health: { command: ["CMD-SHELL", "kill -0 1"] },
      env: { CONCURRENCY: "4" },
    });
    // QUEUE_URL carried credentials the injected address does not: essential, said
    expect(result.dropped.find((d) => d.key === "environment.QUEUE_URL")?.essential).toBe(true);
    expect(service(result, "queue").env.RABBITMQ_DEFAULT_PASS).toEqual({ secret: "queueRabbitmqDefaultPass" });
    await evaluate(result, "import-jobs");
  });
});

describe("a system with extends, several files and profiles", () => {
  it("merges -f files in order and applies extends, as compose does", async () => {
    const result = run("profiles-extends", { files: ["docker-compose.yml", "docker-compose.override.yml"] });
    expect((result.config.services as Service[]).map((s) => s.name)).toEqual(["backend", "frontend"]);
    expect(service(result, "frontend")).toMatchObject({
      image: "backend", // built alike: one image
      replicas: 2,
      args: ["serve", "--port", "8080"],
      env: { LOG_FORMAT: "json", LOG_LEVEL: "debug" },
      size: { cpu: 0.25, memory: "256Mi" },
    });
    expect(service(result, "backend").env).toEqual({ LOG_FORMAT: "json", LOG_LEVEL: "info" });
    await evaluate(result, "import-portal");
  });

  it("includes a profile's services only when the profile is given", () => {
    expect((run("profiles-extends", { profiles: ["debug"] }).config.services as Service[]).map((s) => s.name)).toEqual([
      "backend",
      "debug",
      "frontend",
    ]);
  });
});

describe("env files and secrets", () => {
  it("turns env_file values, .env interpolations and secret-looking literals into secrets, and keeps plain values", async () => {
    const result = run("env-secrets");
    expect(service(result, "billing").env).toEqual({
      API_TOKEN: { secret: "billingApiToken" },
      REGION: { secret: "billingRegion" },
      SENTRY_DSN: { secret: "billingSentryDsn" },
      SMTP_PASSWORD: { secret: "billingSmtpPassword" },
      STRIPE_SECRET_KEY: { secret: "stripeKey" },
      PUBLIC_URL: "https://billing.example.com",
    });
    expect(result.secrets.find((s) => s.key === "billingApiToken")?.from).toBe("a value from its env_file");
    for (const value of ["from-the-env-file", "sk_test_from_dotenv", "literal-in-the-file", "sentry.example.com/1"])
      expect(result.stackFile, value).not.toContain(value);
    await evaluate(result, "import-billing");
  });
});

describe("a compose file full of what crossarch cannot express", () => {
  it("lists every dropped key with its service and why, essential ones marked", () => {
    const result = run("unsupported");
    const listed = result.dropped.map((d) => `${d.essential ? "!" : ""}${d.service}:${d.key}`).sort();
    expect(listed).toEqual(
      [
        "!agent:cap_add",
        "!agent:deploy.resources.reservations.devices",
        "!agent:devices",
        "!agent:extra_hosts",
        "!agent:network_mode",
        "!agent:privileged",
        "!agent:volumes /var/run/docker.sock:/var/run/docker.sock",
        "!agent:volumes test/fixtures/compose/unsupported/data:/data",
        "!agent:working_dir",
        "agent:container_name",
        "agent:labels",
        "agent:logging",
        "agent:restart",
        "agent:user",
        "!dns:ports 53/udp",
        "!dns:sysctls",
        "!dns:ulimits",
      ].sort(),
    );
    for (const d of result.dropped) expect(d.why.length, d.key).toBeGreaterThan(10);
  });

  it("still imports what it can into a stack that evaluates (what --allow-partial writes)", async () => {
    const { out } = await evaluate(run("unsupported"), "import-edge");
    expect([...new Set(out.deployments.map((d) => d.service))].sort()).toEqual(["agent", "dns"]);
  });

  it("says no key it met is unknown: each compose key of the fixture is mapped or listed", () => {
    const text = fs.readFileSync(fixture("unsupported")[0], "utf8");
    const keys = [...text.matchAll(/^ {4}([a-z_]+):/gm)].map((m) => m[1]);
    const result = run("unsupported");
    const mapped = new Set(["build", "image", "ports", "volumes", "user", "deploy"]);
    for (const k of keys) expect(mapped.has(k) || result.dropped.some((d) => d.key.startsWith(k)), k).toBe(true);
  });
});

describe("the command", () => {
  it("writes nothing and exits 1 when an essential key is dropped, unless --allow-partial", async () => {
    const { execFileSync, spawnSync } = await import("node:child_process");
    const os = await import("node:os");
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "crossarch-import-")), "Pulumi.edge.yaml");
    const cli = (...extra: string[]) =>
      spawnSync("npx", ["tsx", "tools/import-cli.ts", "compose", fixture("unsupported")[0], "--stack", "edge", "--out", out, ...extra], {
        cwd: ROOT,
        encoding: "utf8",
        timeout: 120_000,
      });
    const refused = cli();
    expect(refused.status).toBe(1);
    expect(refused.stdout).toContain("ESSENTIAL agent: privileged: no target runs privileged containers");
    expect(refused.stdout).toContain("12 essential key(s) could not be mapped; nothing written");
    expect(fs.existsSync(out)).toBe(false);
    const partial = cli("--allow-partial");
    expect(partial.status, partial.stderr).toBe(0);
    expect(fs.readFileSync(out, "utf8")).toContain("crossarch:services:");
    void execFileSync;
  }, 240_000);
});

describe("the sample app as a compose project (what the local e2e deploys)", () => {
  it("shares one image among four services built alike, and evaluates", async () => {
    const result = run("sample-app");
    expect(Object.keys(result.config.images as object)).toEqual(["api"]);
    expect(service(result, "migrate")).toMatchObject({
      job: { run: "once", before: ["api"] },
      connects: ["store"],
      args: ["node", "dist/migrate.js"],
    });
    expect(service(result, "store")).toMatchObject({
      port: 6380,
      protocol: "tcp",
      volumes: [{ name: "storedata", path: "/data", persistent: true }],
    });
    expect(result.secrets.map((s) => s.key)).toEqual(["storePassword"]);
    const { recorded } = await evaluate(result, "import-sample");
    expect(
      ofType(recorded, "docker-build:index:Image")
        .map((i) => i.name)
        .sort(),
    ).toEqual(["api-amd64", "api-arm64"]);
  });
});
