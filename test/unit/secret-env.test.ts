import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { registeredFor } from "../helpers/dev-run";
import { namespaceOf, problemsOf } from "../helpers/config-cases";
import { isSecretInput, ofType, one, plain, type Recorded } from "../helpers/mocks";

const PASSWORD = "pg-s3cr3t-9f2";

/** The api reads DB_PASSWORD from the secret config key dbPassword. */
const withSecretEnv = (config: Record<string, string>) => {
  const services = JSON.parse(config["crossarch:services"]);
  services[0].env.DB_PASSWORD = { secret: "dbPassword" };
  config["crossarch:services"] = JSON.stringify(services);
  config["crossarch:dbPassword"] = PASSWORD;
};

/** Resources holding the password outside a secret wrapper. */
const plaintextHolders = (recorded: Recorded[]) =>
  recorded
    .filter((r) => JSON.stringify(r.inputs, (_k, v) => (isSecretInput(v) ? "[secret]" : v)).includes(PASSWORD))
    .map((r) => `${r.type} ${r.name}`);

describe("env values { secret: <key> } through each platform's secret mechanism", () => {
  it("ECS: a Secrets Manager secret per value, read by that service's execution role only", async () => {
    const { recorded } = await registeredFor("dev", withSecretEnv, ["crossarch:dbPassword"]);
    const secret = one(recorded, "aws:secretsmanager/secret:Secret", "aws-api-db-password");
    const version = one(recorded, "aws:secretsmanager/secretVersion:SecretVersion", "aws-api-db-password");
    expect(isSecretInput(version.inputs.secretString)).toBe(true);
    expect(plain(version.inputs.secretString)).toBe(PASSWORD);
    const [def] = JSON.parse(one(recorded, "aws:ecs/taskDefinition:TaskDefinition", "aws-api").inputs.containerDefinitions);
    expect(def.secrets).toEqual([{ name: "DB_PASSWORD", valueFrom: secret.outputs.arn }]);
    expect(def.environment.map((e: { name: string }) => e.name)).not.toContain("DB_PASSWORD");
    const policy = JSON.parse(one(recorded, "aws:iam/rolePolicy:RolePolicy", "aws-api-exec").inputs.policy);
    // and the migration's PGPASSWORD: the job runs first in api's tasks
    const migrate = one(recorded, "aws:secretsmanager/secret:Secret", "aws-api-migrate-pgpassword");
    expect(policy.Statement).toContainEqual({
      Effect: "Allow",
      Action: ["secretsmanager:GetSecretValue"],
      Resource: [secret.outputs.arn, migrate.outputs.arn],
    });
    const worker = JSON.parse(one(recorded, "aws:iam/rolePolicy:RolePolicy", "aws-worker-exec").inputs.policy);
    expect(JSON.stringify(worker)).not.toContain("secretsmanager");
    expect(plaintextHolders(recorded)).toEqual([]);
  });

  it("ACA: an app secret referenced by secretRef; OCI: the env as a Pulumi secret", async () => {
    const { recorded } = await registeredFor("dev", withSecretEnv, ["crossarch:dbPassword"]);
    const app = one(recorded, "azure-native:app:ContainerApp", "azure-api").inputs;
    // the api's own, and its init container's (the migration's PGPASSWORD)
    expect(plain(app.configuration).secrets).toEqual([
      { name: "db-password", value: PASSWORD },
      { name: "pgpassword", value: PASSWORD },
    ]);
    expect(app.template.containers[0].env).toContainEqual({ name: "DB_PASSWORD", secretRef: "db-password" });
    const containers = one(recorded, "oci:ContainerEngine/containerInstance:ContainerInstance", "oracle").inputs.containers;
    expect(isSecretInput(containers)).toBe(true);
    expect(plain(containers).find((c: { displayName: string }) => c.displayName === "api").environmentVariables.DB_PASSWORD).toBe(PASSWORD);
  });

  it("local: the container's own environment, as a Pulumi secret", async () => {
    const cwd = process.cwd();
    process.chdir(path.join(cwd, "infra"));
    const { recorded } = await registeredFor("local", withSecretEnv, ["crossarch:dbPassword"]).finally(() => process.chdir(cwd));
    for (const c of ofType(recorded, "pulumi-nodejs:dynamic/crossarch:LocalContainer")) {
      expect(isSecretInput(c.inputs.env)).toBe(true);
      expect(plain(c.inputs.env).DB_PASSWORD).toBe(PASSWORD);
    }
  });

  it("refuses a key that is missing or not a secret, naming the env key", async () => {
    await expect(registeredFor("dev", (c) => (withSecretEnv(c), delete c["crossarch:dbPassword"]), [])).rejects.toThrow(
      "crossarch:services[0].env.DB_PASSWORD.secret: names crossarch:dbPassword, which is not set; set it with: pulumi config set --secret crossarch:dbPassword",
    );
    await expect(registeredFor("dev", withSecretEnv, [], false)).rejects.toThrow(
      "crossarch:services[0].env.DB_PASSWORD.secret: names crossarch:dbPassword, which is set in plain text; set it again with: pulumi config set --secret crossarch:dbPassword",
    );
    await expect(registeredFor("dev", (c) => (c["crossarch:dbPasword"] = PASSWORD), ["crossarch:dbPasword"])).rejects.toThrow(
      "crossarch:dbPasword: holds a secret that no env value { secret: dbPasword } or registry passwordSecret names; name it, or remove it with: pulumi config rm crossarch:dbPasword",
    );
    const config = namespaceOf("dev");
    (config.services as { env: Record<string, unknown> }[])[0].env.DB_PASSWORD = { secret: "db-password" };
    expect(problemsOf(config).join("\n")).toContain("crossarch:services[0].env.DB_PASSWORD");
  });
});
