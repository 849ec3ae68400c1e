/**
 * The cloud stacks (dev, prod) through the real Pulumi engine, with the policy pack in the real
 * analyzer, against the stand-in providers (standins/): preview, up, a second up with no
 * changes, secrets absent from the exported state, the replacements a config change causes,
 * and destroy. Proves the engine path (project defaults, secrets, outputs, dependencies,
 * policies, idempotence), not the clouds' APIs. Run through scripts/e2e-cloud.sh.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STANDIN_AWS_ACCOUNT } from "../../standins/aws";
import { hashOf } from "../../standins/values";
import { STACKS } from "../../stacks/catalogue";
import { until } from "../helpers/http";
import { stackCli } from "./pulumi-cli";

const POLICY = `${process.cwd()}/policy/analyzer`;
const CACHE = process.env.CROSSARCH_CACHE ?? path.join(os.homedir(), ".cache/crossarch");
const work = fs.mkdtempSync(path.join(os.tmpdir(), "crossarch-cloud-e2e-"));
const exchangeLog = path.join(work, "exchanges.jsonl");
let endpoint: ChildProcess | undefined;
let exchangeUrl = "";

/** The requests the ACR token endpoint saw. */
const exchanges = (): { service: string; ok: boolean }[] =>
  fs.existsSync(exchangeLog)
    ? fs
        .readFileSync(exchangeLog, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

/** `pulumi preview --json`'s steps: operation and type of each. */
interface PreviewStep {
  op: string;
  urn: string;
}
const typeOf = (urn: string) => urn.split("::")[2]?.split("$").pop() ?? "";

beforeAll(async () => {
  const portFile = path.join(work, "port");
  endpoint = spawn(process.execPath, [path.join(__dirname, "acr-token-endpoint.mjs"), portFile, exchangeLog], { stdio: "inherit" });
  const port = await until(async () => fs.readFileSync(portFile, "utf8"), 50, 100);
  exchangeUrl = `http://127.0.0.1:${port}/oauth2/exchange`;
});

afterAll(() => {
  endpoint?.kill();
});

for (const entry of STACKS.filter((s) => s.needsCloud)) {
  describe(`stack ${entry.name} through the real engine on the stand-in providers`, () => {
    const cli = stackCli(entry.name, path.join(CACHE, "stack", `Pulumi.${entry.name}.yaml`), { CROSSARCH_ACR_EXCHANGE_URL: "" });
    const withExchange = () =>
      stackCli(entry.name, path.join(CACHE, "stack", `Pulumi.${entry.name}.yaml`), { CROSSARCH_ACR_EXCHANGE_URL: exchangeUrl });
    const ocirToken = `ocir-${randomBytes(12).toString("hex")}`;
    const password = `pg-${randomBytes(10).toString("hex")}`;

    beforeAll(() => {
      cli.pulumi(["destroy", "--yes"], 300_000); // a clean start, whatever an earlier run left
      cli.pulumi(["config", "rm", "crossarch:unusedToken"]); // a secret an interrupted run may have left
      cli.pulumiOk(["config", "set", "--secret", "crossarch:ocirAuthToken"], 60_000, ocirToken);
      // the database password api and db share, as the README tells users to set it
      cli.pulumiOk(["config", "set", "--secret", "crossarch:dbPassword"], 60_000, password);
    });

    afterAll(() => {
      cli.pulumi(["destroy", "--yes"], 300_000);
    });

    it("previews under the policy pack with no mandatory violation and no network call", () => {
      const before = exchanges().length;
      const out = cli.pulumiOk(["preview", "--policy-pack", POLICY]);
      expect(out).toMatch(/crossarch@v0\.1\.0/);
      expect(out).not.toMatch(/\[mandatory\]/);
      expect(out).toMatch(/\+ \d+ to create/);
      expect(exchanges().length).toBe(before); // the ACR exchange waits for `up`
    });

    it("deploys, exchanging the AAD token for ACR push credentials once", () => {
      const before = exchanges().length;
      const out = withExchange().pulumiOk(["up", "--yes", "--skip-preview", "--policy-pack", POLICY]);
      expect(out).not.toMatch(/\[mandatory\]/);
      const made = exchanges().slice(before);
      expect(made.length).toBeGreaterThan(0);
      expect(made.every((e) => e.ok)).toBe(true);
      const urls = cli.output<Record<string, Record<string, string>>>("urls");
      expect(urls.aws.api).toMatch(/^https?:\/\/.+\.elb\.amazonaws\.com$/);
      expect(urls.azure.api).toMatch(/^https:\/\/.+\.azurecontainerapps\.io$/);
      const images = cli.output<Record<string, { refs: Record<string, string> }>>("images");
      expect(images.app.refs.aws).toMatch(
        new RegExp(`^${STANDIN_AWS_ACCOUNT}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com/shop/app@sha256:[0-9a-f]{64}$`),
      );
      expect(images.app.refs.oracle).toMatch(/^fra\.ocir\.io\/crossarchdev\/shop\/app@sha256:[0-9a-f]{64}$/);
      // postgres is given by tag: it runs the digest its tag names now, read here through the
      // loopback mirror that stands in for Docker Hub (CROSSARCH_REGISTRY_MIRROR)
      const deployments = cli.output<{ service: string; image: string }[]>("deployments");
      for (const d of deployments.filter((x) => x.service === "db"))
        expect(d.image).toMatch(/^docker\.io\/library\/postgres@sha256:[0-9a-f]{64}$/);
    });

    it("changes nothing on a second up", () => {
      withExchange().pulumiOk(["up", "--yes", "--expect-no-changes", "--policy-pack", POLICY]);
    });

    it("keeps every secret out of the exported state in plaintext", () => {
      const state = cli.pulumiOk(["stack", "export"], 60_000);
      const region = entry.name === "prod" ? "eu-west-1" : "us-east-1";
      for (const secret of [ocirToken, `standin-ecr-${hashOf(24, region)}`, "standin-acr-refresh-", "standin-aad-"]) {
        expect(state.includes(secret), secret).toBe(false);
      }
      expect(state).toMatch(/"ciphertext"/);
    });

    it("delivers the shared database password through Secrets Manager and ACA secretRefs, nowhere in plaintext", () => {
      const state = cli.pulumiOk(["stack", "export"], 60_000);
      expect(state.includes(password)).toBe(false);
      type Res = { type: string; urn: string; outputs: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
      const resources = (JSON.parse(state) as { deployment: { resources: Res[] } }).deployment.resources;
      const container = (name: string) => {
        const task = resources.find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition" && r.urn.endsWith(`::aws-${name}`));
        return JSON.parse(task?.outputs.containerDefinitions ?? "[]")[0];
      };
      expect(container("api").secrets).toEqual([{ name: "DB_PASSWORD", valueFrom: expect.stringMatching(/^arn:aws:secretsmanager:/) }]);
      expect(container("db").secrets).toEqual([
        { name: "POSTGRES_PASSWORD", valueFrom: expect.stringMatching(/^arn:aws:secretsmanager:/) },
      ]);
      // api reaches db by the name Service Connect gives it
      expect(container("api").environment).toContainEqual({ name: "DB_URL", value: "tcp://db:5432" });
      const app = (name: string) => resources.find((r) => r.type === "azure-native:app:ContainerApp" && r.urn.endsWith(`::azure-${name}`));
      expect(app("api")?.outputs.template.containers[0].env).toContainEqual({ name: "DB_PASSWORD", secretRef: "db-password" });
      // (db's configuration holds its secret, so the state keeps all of it encrypted) api reaches it by app name
      expect(app("api")?.outputs.template.containers[0].env).toContainEqual({
        name: "DB_URL",
        value: expect.stringMatching(/^tcp:\/\/azure-db\S*:5432$/),
      });
      // a secret that nothing names is refused by name, with the command that removes it
      cli.pulumiOk(["config", "set", "--secret", "crossarch:unusedToken"], 60_000, "leftover");
      const r = cli.pulumi(["preview"]);
      cli.pulumiOk(["config", "rm", "crossarch:unusedToken"]);
      expect(r.code).not.toBe(0);
      expect(r.out).toContain(
        "crossarch:unusedToken: holds a secret that no env value { secret: unusedToken } or registry passwordSecret names",
      );
    });

    it("fails a preview that would break a mandatory policy, naming it", () => {
      cli.pulumiOk(["config", "rm", "--path", "crossarch:services[0].overrides.aws.user"]);
      try {
        const r = cli.pulumi(["preview", "--policy-pack", POLICY]);
        expect(r.code).not.toBe(0);
        expect(r.out).toMatch(/\[mandatory\]\s+crossarch-ecs-non-root/);
      } finally {
        cli.pulumiOk(["config", "set", "--path", "crossarch:services[0].overrides.aws.user", "10001:10001"]);
      }
    });

    it("replaces what the real providers replace when a service's environment changes", () => {
      cli.pulumiOk(["config", "set", "--path", "crossarch:services[0].env.LOG_LEVEL", "debug"]);
      try {
        const preview = JSON.parse(cli.pulumiOk(["preview", "--json"])) as { steps: PreviewStep[] };
        const ops = (type: string) => [...new Set(preview.steps.filter((s) => typeOf(s.urn) === type).map((s) => s.op))].sort();
        expect(ops("oci:ContainerEngine/containerInstance:ContainerInstance")).toContain("replace");
        expect(ops("aws:ecs/taskDefinition:TaskDefinition")).toContain("replace");
        expect(ops("azure-native:app:ContainerApp")).toEqual(["update"]);
        expect(ops("aws:ecs/service:Service")).toEqual(["update"]);
      } finally {
        cli.pulumiOk(["config", "set", "--path", "crossarch:services[0].env.LOG_LEVEL", "info"]);
      }
    });

    it("destroys everything it created", () => {
      cli.pulumiOk(["destroy", "--yes"], 300_000);
      const state = JSON.parse(cli.pulumiOk(["stack", "export"], 60_000)) as { deployment: { resources?: unknown[] } };
      expect(state.deployment.resources ?? []).toHaveLength(0);
    });

    if (entry.name === "dev")
      it("refuses malformed stack files by key or by file and line, with no stack trace, creating nothing", () => {
        const machineCopy = fs.readFileSync(path.join(CACHE, "stack", "Pulumi.dev.yaml"), "utf8");
        const broken: [string, string, RegExp][] = [
          ["an empty stack file", "", /crossarch:images: required \(record\)/],
          ["a tab-indented line", machineCopy.replace("  crossarch:app:", "\tcrossarch:app:"), /Pulumi\.dev\.yaml|yaml|tab/i],
          ["a misspelt namespace", `${machineCopy}  crosarch:builder: default\n`, /crosarch:builder.*did you mean crossarch:builder/],
          [
            "a doubled separator in an image name",
            machineCopy.replace(/^ {4}worker:/m, "    my--worker:"),
            /crossarch:images\["my--worker"\]: must be lowercase letters and digits in words joined by single '-'/,
          ],
        ];
        for (const [what, text, says] of broken) {
          const file = path.join(work, "Pulumi.dev.broken.yaml");
          fs.writeFileSync(file, text);
          const r = stackCli(entry.name, file).pulumi(["up", "--yes", "--skip-preview"], 300_000);
          expect(r.code, what).not.toBe(0);
          expect(r.out, what).toMatch(says);
          expect(r.out, `${what}: a stack trace`).not.toMatch(/^\s+at .+:\d+:\d+\)?$/m);
          expect(r.out, what).not.toMatch(/TypeError|ReferenceError|unhandled/i);
        }
        // the engine's own root resource, and nothing else
        const state = JSON.parse(cli.pulumiOk(["stack", "export"], 60_000)) as { deployment: { resources?: { type: string }[] } };
        expect((state.deployment.resources ?? []).map((r) => r.type)).toEqual(["pulumi:pulumi:Stack"]);
      });
  });
}
