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
