import { describe, expect, it } from "vitest";
import { policies } from "../../policy/src/policies";
import { lines, runPack, UNKNOWN, type Res } from "./harness";

const TAGS = { arch: "arm64", app: "shop", stack: "dev", "managed-by": "crossarch" };
const GOOD_CONTAINER = {
  name: "api",
  user: "10001:10001",
  privileged: false,
  readonlyRootFilesystem: true,
  logConfiguration: { logDriver: "awslogs" },
  healthCheck: { command: ["CMD", "node", "dist/healthcheck.js"] },
};
const taskDef = (over: Record<string, unknown> = {}, container: Record<string, unknown> = {}): Res => ({
  type: "aws:ecs/taskDefinition:TaskDefinition",
  name: "task",
  props: {
    cpu: "1024",
    memory: "2048",
    runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
    containerDefinitions: JSON.stringify([{ ...GOOD_CONTAINER, ...container }]),
    tags: { ...TAGS, image: "app", "image-platforms": "linux/amd64 linux/arm64" },
    ...over,
  },
});
const ecsService = (over: Record<string, unknown> = {}): Res => ({
  type: "aws:ecs/service:Service",
  name: "svc",
  props: {
    deploymentCircuitBreaker: { enable: true, rollback: true },
    networkConfiguration: { assignPublicIp: false, subnets: ["s"] },
    tags: TAGS,
    ...over,
  },
});
const ecrRepo = (over: Record<string, unknown> = {}): Res => ({
  type: "aws:ecr/repository:Repository",
  name: "repo",
  props: { name: "shop/app", imageScanningConfiguration: { scanOnPush: true }, imageTagMutability: "IMMUTABLE", tags: TAGS, ...over },
});
const lifecycle: Res = { type: "aws:ecr/lifecyclePolicy:LifecyclePolicy", name: "lc", props: { repository: "shop/app", policy: "{}" } };
const containerApp = (over: Record<string, unknown> = {}): Res => ({
  type: "azure-native:app:ContainerApp",
  name: "app",
  props: {
    configuration: { ingress: { external: true, allowInsecure: false } },
    template: { containers: [{ name: "api", resources: { cpu: 0.5, memory: "1Gi" }, probes: [{ type: "Liveness" }] }] },
    tags: { ...TAGS, arch: "amd64", image: "app", "image-platforms": "linux/amd64" },
    ...over,
  },
});
const ociInstance = (over: Record<string, unknown> = {}, container: Record<string, unknown> = {}): Res => ({
  type: "oci:ContainerEngine/containerInstance:ContainerInstance",
  name: "oracle",
  props: {
    displayName: "oracle",
    shape: "CI.Standard.A1.Flex",
    vnics: [{ subnetId: "s", isPublicIpAssigned: false }],
    containers: [
      {
        displayName: "db",
        resourceConfig: { vcpusLimit: 2, memoryLimitInGbs: 12 },
        healthChecks: [{}],
        freeformTags: { ...TAGS, image: "postgres", "image-platforms": "linux/amd64 linux/arm64" },
        ...container,
      },
    ],
    freeformTags: TAGS,
    ...over,
  },
});

/** The violations one policy reports over some resources. */
async function violations(policy: string, resources: Res[], config: Record<string, object> = {}): Promise<string[]> {
  const run = await runPack(
    policies.filter((p) => p.name === policy),
    resources,
    { config },
  );
  return lines(run.violations);
}

describe("each policy passes good resources and names what is wrong with bad ones", () => {
  it.each<[string, Res, Res, string]>([
    ["crossarch-arch-tag", ecrRepo(), ecrRepo({ tags: { ...TAGS, arch: "x86" } }), 'has arch tag "x86"; expected amd64 or arm64'],
    ["crossarch-arch-tag", ecrRepo(), ecrRepo({ tags: { app: "shop" } }), "has no arch tag in tags"],
    [
      "crossarch-standard-tags",
      ecrRepo(),
      ecrRepo({ tags: { arch: "arm64", app: "shop" } }),
      "is missing the tags stack, managed-by; found: arch, app",
    ],
    [
      "crossarch-arch-matches-runtime",
      taskDef(),
      taskDef({ runtimePlatform: { cpuArchitecture: "X86_64" } }),
      "is tagged arch arm64 but runs amd64 (runtimePlatform.cpuArchitecture X86_64)",
    ],
    [
      "crossarch-arch-matches-runtime",
      taskDef(),
      taskDef({ runtimePlatform: undefined }),
      "is tagged arch arm64 but runs amd64 (runtimePlatform.cpuArchitecture X86_64)",
    ],
    [
      "crossarch-arch-matches-runtime",
      ociInstance(),
      ociInstance({ shape: "CI.Standard.E4.Flex" }),
      "is tagged arch arm64 but runs amd64 (shape CI.Standard.E4.Flex)",
    ],
    [
      "crossarch-arch-matches-runtime",
      containerApp(),
      containerApp({ tags: { ...TAGS, arch: "arm64" } }),
      "is tagged arch arm64 but runs amd64 (Azure Container Apps (linux/amd64 only))",
    ],
    [
      "crossarch-arch-matches-runtime",
      { type: "aws:ec2/instance:Instance", name: "vm", props: { instanceType: "m7g.large", tags: TAGS } },
      { type: "aws:ec2/instance:Instance", name: "vm", props: { instanceType: "m7i.large", tags: TAGS } },
      "is tagged arch arm64 but runs amd64 (instance type m7i.large)",
    ],
    [
      "crossarch-image-has-platform",
      taskDef(),
      taskDef({ tags: { ...TAGS, "image-platforms": "linux/amd64" } }),
      "its image contains linux/amd64 but the resource runs linux/arm64",
    ],
    [
      "crossarch-image-has-platform",
      containerApp(),
      containerApp({ tags: { ...TAGS, arch: "amd64" } }),
      "its image has no image-platforms tag, so nothing shows it contains linux/amd64",
    ],
    [
      "crossarch-image-has-platform",
      ociInstance(),
      ociInstance({}, { freeformTags: { ...TAGS, "image-platforms": "linux/amd64" } }),
      "container db contains linux/amd64 but the resource runs linux/arm64",
    ],
    ["crossarch-health-and-limits", taskDef(), taskDef({}, { healthCheck: undefined }), "container api has no healthCheck command"],
    ["crossarch-health-and-limits", taskDef(), taskDef({ cpu: undefined }), "has no task-level cpu/memory"],
    [
      "crossarch-health-and-limits",
      containerApp(),
      containerApp({ template: { containers: [{ name: "api", resources: {}, probes: [{ type: "Liveness" }] }] } }),
      "container api has no explicit cpu and memory",
    ],
    ["crossarch-health-and-limits", ociInstance(), ociInstance({}, { healthChecks: [] }), "container db has no healthChecks"],
    [
      "crossarch-ecr-scan-on-push",
      ecrRepo(),
      ecrRepo({ imageScanningConfiguration: undefined }),
      "has imageScanningConfiguration.scanOnPush undefined; expected true",
    ],
    [
      "crossarch-ecr-immutable-tags",
      ecrRepo(),
      ecrRepo({ imageTagMutability: undefined }),
      "has imageTagMutability MUTABLE; expected IMMUTABLE",
    ],
    [
      "crossarch-ecr-immutable-tags",
      ecrRepo({
        imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters: [{ filter: "cache-*", filterType: "WILDCARD" }],
      }),
      ecrRepo({
        imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
        imageTagMutabilityExclusionFilters: [{ filter: "latest", filterType: "WILDCARD" }],
      }),
      "keeps tags latest mutable; allowed exclusions: cache-*",
    ],
    [
      "crossarch-acr-admin-disabled",
      { type: "azure-native:containerregistry:Registry", name: "acr", props: { adminUserEnabled: false } },
      { type: "azure-native:containerregistry:Registry", name: "acr", props: { adminUserEnabled: true } },
      "has adminUserEnabled true",
    ],
    [
      "crossarch-aca-no-insecure-ingress",
      containerApp(),
      containerApp({ configuration: { ingress: { allowInsecure: true } } }),
      "has ingress.allowInsecure true; expected false (HTTPS only)",
    ],
    [
      "crossarch-ecs-non-root",
      taskDef(),
      taskDef({}, { user: undefined }),
      "container api runs as the image's default user (not declared, root for ECS)",
    ],
    ["crossarch-ecs-non-root", taskDef(), taskDef({}, { user: "0:0" }), "container api runs as 0:0"],
    ["crossarch-ecs-not-privileged", taskDef(), taskDef({}, { privileged: true }), "container api is privileged"],
    [
      "crossarch-ecs-read-only-root",
      taskDef(),
      taskDef({}, { readonlyRootFilesystem: false }),
      "container api has readonlyRootFilesystem false; expected true",
    ],
    ["crossarch-ecs-logging", taskDef(), taskDef({}, { logConfiguration: undefined }), "container api has no logConfiguration.logDriver"],
    [
      "crossarch-ecs-circuit-breaker",
      ecsService(),
      ecsService({ deploymentCircuitBreaker: { enable: true, rollback: false } }),
      'has deploymentCircuitBreaker {"enable":true,"rollback":false}',
    ],
    [
      "crossarch-ecs-no-public-ip",
      ecsService(),
      ecsService({ networkConfiguration: { assignPublicIp: true } }),
      "assigns public IPs to its tasks",
    ],
    [
      "crossarch-oci-no-public-ip",
      ociInstance(),
      ociInstance({ vnics: [{ isPublicIpAssigned: true }] }),
      "has a VNIC with isPublicIpAssigned true; expected false",
    ],
  ])("%s", async (policy, good, bad, message) => {
    expect(await violations(policy, [good])).toEqual([]);
    const found = await violations(policy, [bad]);
    expect(found).toHaveLength(1);
    expect(found[0]).toContain(message);
  });

  it("crossarch-ecr-lifecycle-policy: every repository needs one (stack check)", async () => {
    expect(await violations("crossarch-ecr-lifecycle-policy", [ecrRepo(), lifecycle])).toEqual([]);
    expect(await violations("crossarch-ecr-lifecycle-policy", [ecrRepo(), ecrRepo({ name: "shop/worker" }), lifecycle])).toEqual([
      "crossarch-ecr-lifecycle-policy repo: ECR repository shop/worker has no lifecycle policy",
    ]);
  });

  it("crossarch-image-platforms-truthful: a tag cannot claim a platform the stack does not build", async () => {
    const build = (arch: string): Res => ({
      type: "docker-build:index:Image",
      name: `app-${arch}`,
      props: { platforms: [`linux/${arch}`], labels: { "org.opencontainers.image.title": "app" } },
    });
    expect(await violations("crossarch-image-platforms-truthful", [build("amd64"), build("arm64"), taskDef()])).toEqual([]);
    expect(await violations("crossarch-image-platforms-truthful", [build("amd64"), taskDef()])).toEqual([
      "crossarch-image-platforms-truthful task: task claims image app has linux/arm64 but the stack builds it for linux/amd64",
    ]);
  });

  it("reads policy config over the schema defaults", async () => {
    const open = ociInstance({ vnics: [{ isPublicIpAssigned: true }] });
    expect(await violations("crossarch-oci-no-public-ip", [open], { "crossarch-oci-no-public-ip": { allowed: ["oracle"] } })).toEqual([]);
    const cacheless = ecrRepo({
      imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
      imageTagMutabilityExclusionFilters: [{ filter: "latest" }],
    });
    expect(
      await violations("crossarch-ecr-immutable-tags", [cacheless], {
        "crossarch-ecr-immutable-tags": { allowedMutableFilters: ["latest"] },
      }),
    ).toEqual([]);
    expect(
      await violations("crossarch-standard-tags", [ecrRepo({ tags: { ...TAGS, team: "" } })], {
        "crossarch-standard-tags": { requiredTags: ["team"] },
      }),
    ).toEqual(["crossarch-standard-tags repo: is missing the tag team; found: arch, app, stack, managed-by, team"]);
  });

  it("refuses secret-looking env names as plain values, and lets secret references through", async () => {
    const ecsPlain = taskDef(
      {},
      {
        environment: [
          { name: "DB_PASSWORD", value: "x" },
          { name: "LOG_LEVEL", value: "info" },
        ],
      },
    );
    const ecsRef = taskDef({}, { secrets: [{ name: "DB_PASSWORD", valueFrom: "arn:aws:secretsmanager:us-east-1:1:secret:x" }] });
    const acaPlain = containerApp({
      template: {
        containers: [
          {
            name: "api",
            env: [
              { name: "API_TOKEN", value: "x" },
              { name: "SIGNING_KEY", value: "y" },
            ],
          },
        ],
      },
    });
    const acaRef = containerApp({ template: { containers: [{ name: "api", env: [{ name: "API_TOKEN", secretRef: "api-token" }] }] } });
    expect(await violations("crossarch-no-plain-secrets", [ecsPlain, ecsRef, acaPlain, acaRef])).toEqual([
      "crossarch-no-plain-secrets task: has DB_PASSWORD as plain env; give it as { secret: <config key> } so the platform's secret mechanism delivers it",
      "crossarch-no-plain-secrets app: has API_TOKEN, SIGNING_KEY as plain env; give them as { secret: <config key> } so the platform's secret mechanism delivers them",
    ]);
  });

  it("counts the AWS provider's default tags (tagsAll) as tags", async () => {
    const viaDefaults = ecrRepo({ tags: { app: "shop" }, tagsAll: { ...TAGS, app: "shop" } });
    expect(await violations("crossarch-standard-tags", [viaDefaults])).toEqual([]);
    expect(await violations("crossarch-arch-tag", [viaDefaults])).toEqual([]);
    expect(await violations("crossarch-standard-tags", [ecrRepo({ tags: undefined, tagsAll: { app: "shop" } })])).toEqual([
      "crossarch-standard-tags repo: is missing the tags stack, managed-by; found: app",
    ]);
  });
});

describe("like the real analyzer", () => {
  it("marks policies not applicable to other types instead of passing them silently", async () => {
    const run = await runPack(policies, [{ type: "random:index/randomId:RandomId", name: "r", props: {} }]);
    expect(run.violations).toEqual([]);
    expect(run.notApplicable.map((n) => n.policy)).toContain("crossarch-ecs-non-root");
    expect(run.notApplicable.find((n) => n.policy === "crossarch-arch-tag")?.reason).toBe(
      "random:index/randomId:RandomId is not a taggable type this pack knows",
    );
  });

  it("turns a value unknown at preview into an advisory note, not a pass or a failure", async () => {
    const run = await runPack(policies, [taskDef({ containerDefinitions: UNKNOWN })]);
    expect(lines(run.violations, "mandatory")).toEqual([]);
    const skipped = run.unknown.map((u) => u.policy);
    expect(skipped).toEqual(expect.arrayContaining(["crossarch-ecs-non-root", "crossarch-ecs-logging", "crossarch-health-and-limits"]));
    expect(run.unknown[0].message).toContain("can't be known during preview");
    expect(run.unknown.every((u) => u.level === "advisory")).toBe(true);
  });

  it("still checks what is known when other fields are unknown", async () => {
    const run = await runPack(policies, [taskDef({ containerDefinitions: UNKNOWN, runtimePlatform: { cpuArchitecture: "X86_64" } })]);
    expect(lines(run.violations)).toContain(
      "crossarch-arch-matches-runtime task: is tagged arch arm64 but runs amd64 (runtimePlatform.cpuArchitecture X86_64)",
    );
  });
});
