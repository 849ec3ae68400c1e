/**
 * Volumes and jobs: the storage each target gets for the dev stack's persistent volumes, the
 * jobs' translation per target, and the specs they refuse by key.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { awsCron, cronProblem, runsPer30Days } from "@crossarch/components/model";
import { namespaceOf, problemsOf } from "../helpers/config-cases";
import { registeredFor } from "../helpers/dev-run";
import { isSecretInput, one, ofType, plain, type Recorded } from "../helpers/mocks";

let recorded: Recorded[];
beforeAll(async () => {
  ({ recorded } = await registeredFor("dev"));
});

describe("persistent volumes of the dev stack", () => {
  it("Fargate: one encrypted EFS, a mount target per private subnet, an access point owned by db's user, mounted over TLS with IAM", () => {
    const fs = one(recorded, "aws:efs/fileSystem:FileSystem", "aws-efs");
    expect(fs.inputs).toMatchObject({ encrypted: true, throughputMode: "elastic" });
    expect(ofType(recorded, "aws:efs/mountTarget:MountTarget")).toHaveLength(2);
    const ap = one(recorded, "aws:efs/accessPoint:AccessPoint", "aws-db-data");
    expect(ap.inputs.rootDirectory).toEqual({ path: "/db/data", creationInfo: { ownerUid: 999, ownerGid: 999, permissions: "0750" } });
    expect(ap.inputs.posixUser).toEqual({ uid: 999, gid: 999 });
    const task = one(recorded, "aws:ecs/taskDefinition:TaskDefinition", "aws-db").inputs;
    expect(task.volumes).toEqual([
      {
        name: "data",
        efsVolumeConfiguration: {
          fileSystemId: fs.id,
          transitEncryption: "ENABLED",
          authorizationConfig: { accessPointId: ap.id, iam: "ENABLED" },
        },
      },
    ]);
    const policy = JSON.parse(one(recorded, "aws:iam/rolePolicy:RolePolicy", "aws-db-task").inputs.policy);
    expect(policy.Statement[0].Condition).toEqual({ StringEquals: { "elasticfilesystem:AccessPointArn": [ap.outputs.arn] } });
    // the api mounts nothing: its task role has no policy
    expect(recorded.some((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === "aws-api-task")).toBe(false);
  });

  it("ACA: a storage account, a share per volume, registered on the environment with the key kept secret", () => {
    const account = one(recorded, "azure-native:storage:StorageAccount", "azurest").inputs;
    expect(account).toMatchObject({ minimumTlsVersion: "TLS1_2", enableHttpsTrafficOnly: true, allowBlobPublicAccess: false });
    expect(one(recorded, "azure-native:storage:FileShare", "azure-db-data").inputs).toMatchObject({ shareName: "db-data", shareQuota: 10 });
    const storage = one(recorded, "azure-native:app:ManagedEnvironmentsStorage", "azure-db-data").inputs;
    expect(isSecretInput(storage.properties) || isSecretInput(storage.properties?.azureFile?.accountKey)).toBe(true);
    expect(plain(storage.properties).azureFile).toMatchObject({ shareName: "db-data", accessMode: "ReadWrite" });
    const db = one(recorded, "azure-native:app:ContainerApp", "azure-db").inputs.template;
    expect(db.volumes).toEqual([{ name: "data", storageType: "AzureFile", storageName: "db-data" }]);
  });
});

describe("jobs of the dev stack", () => {
  it("the migration runs first in api's tasks on ECS and as api's init container on ACA", () => {
    const defs = JSON.parse(plain(one(recorded, "aws:ecs/taskDefinition:TaskDefinition", "aws-api").inputs.containerDefinitions));
    expect(defs.map((d: { name: string; essential: boolean }) => [d.name, d.essential])).toEqual([
      ["api", true],
      ["migrate", false],
    ]);
    expect(defs[0].dependsOn).toEqual([{ containerName: "migrate", condition: "SUCCESS" }]);
    expect(defs[1].environment).toContainEqual({ name: "DB_URL", value: "tcp://db:5432" });
    const api = one(recorded, "azure-native:app:ContainerApp", "azure-api").inputs.template;
    expect(api.initContainers.map((c: { name: string }) => c.name)).toEqual(["migrate"]);
    expect(recorded.some((r) => r.name === "aws-migrate" || r.name === "azure-migrate")).toBe(false);
  });

  it("the nightly job is a Container Apps Job on a Schedule trigger", () => {
    const job = one(recorded, "azure-native:app:Job", "azure-nightly").inputs;
    expect(plain(job.configuration)).toMatchObject({
      triggerType: "Schedule",
      scheduleTriggerConfig: { cronExpression: "0 3 * * *" },
      replicaTimeout: 3600,
      replicaRetryLimit: 1,
    });
  });
});

describe("schedules", () => {
  it("parses 5-field cron, converts to EventBridge Scheduler's form, and counts runs", () => {
    expect(cronProblem("0 3 * * *")).toBeUndefined();
    expect(cronProblem("0 3 * *")).toContain("has 4 fields");
    expect(cronProblem("0 25 * * *")).toContain("is not a cron schedule");
    expect(awsCron("0 3 * * *")).toBe("cron(0 3 * * ? *)");
    expect(awsCron("30 6 * * 1-5")).toBe("cron(30 6 ? * 2-6 *)"); // Monday-Friday: AWS counts Sunday as 1
    expect(awsCron("0 0 1 * *")).toBe("cron(0 0 1 * ? *)");
    expect(awsCron("0 0 1 * 1")).toBeUndefined();
    expect(runsPer30Days("0 3 * * *")).toBe(30);
    expect(runsPer30Days("*/15 * * * *")).toBe(30 * 96);
  });
});

describe("volumes and jobs config cannot express are refused by key", () => {
  it("a job with a port, a health check or replicas; both run and schedule; a bad cron", () => {
    const config = namespaceOf("dev");
    const migrate = config.services[4];
    migrate.port = 8080;
    migrate.replicas = 2;
    migrate.health = { path: "/healthz" };
    const nightly = config.services[5];
    nightly.job = { run: "once", schedule: "0 3 * *" };
    const problems = problemsOf(config);
    expect(problems).toContain("crossarch:services[4].port: a job serves nothing: it has no port; its exit code says how it went");
    expect(problems).toContain("crossarch:services[4].replicas: a job runs once per run; replicas must be 1");
    expect(problems).toContain("crossarch:services[4].health: a job has no health check: it succeeds by exiting 0");
    expect(problems).toContain('crossarch:services[5].job: give exactly one of run: once or schedule: "<cron>"');
    expect(problems.some((p) => p.startsWith('crossarch:services[5].job.schedule: "0 3 * *" has 4 fields'))).toBe(true);
  });

  it("what a target cannot do with a job, naming the target", () => {
    const config = namespaceOf("dev");
    config.services[4].targets = ["azure", "aws", "oracle"];
    config.services[5].targets = ["azure", "aws"];
    const problems = problemsOf(config);
    expect(problems).toContain(
      "crossarch:services[4].job.before: has no effect on target oracle (OCI Container Instance): containers of one instance start together, and another instance's completion cannot be awaited",
    );
    expect(problems).toContain(
      "crossarch:services[5].job.timeoutSeconds: has no effect on target aws (AWS Fargate): ECS has no run-time limit for a task",
    );
    expect(problems).toContain(
      "crossarch:services[5].connects: has no effect on target aws (AWS Fargate): a task EventBridge Scheduler runs is not part of Service Connect, so it cannot reach services by name",
    );
  });

  it("a job ordering a service of another target, and a volume size a target cannot take", () => {
    const config = namespaceOf("dev");
    config.services[4].job.before = ["cache"];
    expect(problemsOf(config)).toEqual([
      "crossarch:services[4].job.before[0]: job migrate runs on azure, aws where cache does not (it runs on oracle); a job orders services of its own target: limit the job's targets",
    ]);
    delete config.services[4].job.before;
    config.services[4].job.before = ["api"];
    config.services[3].volumes[0].size = "20Gi";
    const problems = problemsOf(config);
    expect(problems).toContain(
      "crossarch:services[3].volumes[0].size: has no effect on target aws (AWS Fargate): EFS grows as needed and takes no size",
    );
    expect(problems).toContain(
      "crossarch:services[3].volumes[0].size: has no effect on target oracle (OCI Container Instance): OCI File Storage grows as needed and takes no size",
    );
  });
});

describe("env values", () => {
  it("names a number given where text is needed (pulumi config set --path stores 1 as a number)", () => {
    const config = namespaceOf("dev");
    config.services[0].env.WORKERS = 4;
    expect(problemsOf(config)).toEqual([
      'crossarch:services[0].env.WORKERS: must be text (quote numbers and booleans: "1", "true") or { secret: <key> }; given 4',
    ]);
  });
});

describe("issue 20: messages and silent keys", () => {
  it("gives the legal range for 0 OCPUs and a unit example for a bare memory number", () => {
    const config = namespaceOf("dev");
    config.targets.oracle.ocpus = 0;
    expect(problemsOf(config).join("\n")).toMatch(/crossarch:targets\.oracle\.ocpus: .*1-76/);
    const bare = namespaceOf("dev");
    bare.services[0].size.memory = 512;
    expect(problemsOf(bare)).toEqual([
      'crossarch:services[0].size.memory: must be a memory quantity with a unit, such as "512Mi" or "1.5Gi" (a bare number has none); given 512',
    ]);
  });

  it("refuses a key in a misspelt namespace, which nothing would read", async () => {
    const { misspeltNamespaces } = await import("../../infra/config");
    expect(misspeltNamespaces(["crosarch:builder", "crossarch:app", "aws:region", "crossarc:app"]).map((p) => p.message)).toEqual([
      'crosarch:builder is set, but nothing reads the namespace "crosarch"; did you mean crossarch:builder?',
      'crossarc:app is set, but nothing reads the namespace "crossarc"; did you mean crossarch:app?',
    ]);
  });

  it("refuses a password or env secret that names a setting of crossarch, or a key set in plain text", () => {
    const config = namespaceOf("dev");
    config.targets.oracle.registry.passwordSecret = "app";
    config.services[0].env.DB_PASSWORD = { secret: "builder" };
    const problems = problemsOf(config);
    expect(problems).toContain(
      "crossarch:targets.oracle.registry.passwordSecret: names crossarch:app, a setting of crossarch, not a secret; name a key of its own, e.g. oracleRegistryPassword, set with: pulumi config set --secret crossarch:oracleRegistryPassword",
    );
    expect(problems).toContain(
      "crossarch:services[0].env.DB_PASSWORD.secret: names crossarch:builder, a setting of crossarch, not a secret; name a key of its own, set with: pulumi config set --secret crossarch:<key>",
    );
  });
});

describe("issue 20: images, ports and local targets", () => {
  it("refuses a build context outside the project or missing, and a garbled ref; warns of a ref pinned by tag only", async () => {
    const { PROJECT_ROOT } = await import("../../stacks/stack-file");
    const { parseStackConfig } = await import("../../infra/config");
    const config = namespaceOf("dev");
    config.images.app.build.context = "../../../etc";
    config.images.worker.build.context = "nope";
    config.images.valkey.ref = "docker.io/Valkey//valkey:8";
    const run = () => parseStackConfig(config, { project: "crossarch", stack: "dev", hostCpus: 2, projectRoot: PROJECT_ROOT });
    const message = (() => {
      try {
        run();
        return "";
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(message).toContain(`crossarch:images.app.build.context: "../../../etc" lies outside the project (${PROJECT_ROOT})`);
    expect(message).toContain('crossarch:images.worker.build.context: "nope" is not a directory of the project');
    expect(message).toContain('crossarch:images.valkey.ref: "docker.io/Valkey//valkey:8" is not an image reference');
    const ok = parseStackConfig(namespaceOf("dev"), { project: "crossarch", stack: "dev", hostCpus: 2, projectRoot: PROJECT_ROOT });
    expect(ok.warnings.map((w) => w.path.join("."))).toEqual(["images.postgres.ref", "images.valkey.ref"]);
  });

  it("makes the port one fact: PORT reaches the app from port, and an env PORT is refused", () => {
    const config = namespaceOf("dev");
    config.services[0].env.PORT = "9999";
    expect(problemsOf(config)).toEqual([
      "crossarch:services[0].env.PORT: PORT is set by crossarch from the service's port, the one fact the app, its health check and its load balancer share; set port (or ports) instead",
    ]);
    const [api] = JSON.parse(plain(one(recorded, "aws:ecs/taskDefinition:TaskDefinition", "aws-api").inputs.containerDefinitions));
    expect(api.environment).toContainEqual({ name: "PORT", value: "8080" });
  });

  it("refuses a second local target, whose containers would get the same names", () => {
    const config = namespaceOf("local");
    config.targets.again = { ...config.targets.local, basePort: 19500 };
    expect(problemsOf(config, "local")).toContain(
      "crossarch:targets.again: a second local target (after local): the containers of both would get the same names on this engine; use one local target with arches: [amd64, arm64]",
    );
  });
});

describe("issue 20: names and sizes the platforms limit", () => {
  it("refuses an image key no registry takes and a platform listed twice, before anything is registered", () => {
    const config = namespaceOf("dev");
    config.images["my--app"] = config.images.app;
    config.images.postgres.platforms = ["linux/arm64", "linux/arm64"];
    const problems = problemsOf(config);
    expect(problems.some((p) => p.startsWith('crossarch:images["my--app"]') && p.includes("words joined by single '-'"))).toBe(true);
    expect(problems).toContain("crossarch:images.postgres.platforms: lists linux/arm64 twice; each platform is built once");
  });

  it("refuses env an ECS task definition cannot hold, and a Container App name over 32 characters", () => {
    const config = namespaceOf("dev");
    config.services[1].env = { BLOB: "x".repeat(60 * 1024) };
    const problems = problemsOf(config);
    expect(problems).toContain(
      "crossarch:services[1].env: is 60 KiB on target aws (AWS Fargate); an ECS task definition is capped at 64 KiB, so keep env under 48 KiB (large values belong in a volume or a secret)",
    );
    const long = namespaceOf("dev");
    long.services[0].name = "a-very-long-service-name";
    long.services[4].job.before = ["a-very-long-service-name"];
    expect(problemsOf(long)).toContain(
      "crossarch:services[0].name: makes the Container App name azure-a-very-long-service-name plus Pulumi's 8-character suffix, 38 characters; Container Apps allow 32: shorten the service or the target name",
    );
  });
});

describe("issue 20: a secure value inside services", () => {
  it("is accepted with a warning that says what to use instead, in the plan as in the program", async () => {
    const { parseStackConfig } = await import("../../infra/config");
    const plan = parseStackConfig(namespaceOf("dev"), {
      project: "crossarch",
      stack: "dev",
      hostCpus: 2,
      secretKeys: ["crossarch:services"],
    });
    expect(plan.warnings.find((w) => w.path[0] === "services")?.message).toContain("give the value as { secret: <key> }");
  });
});
