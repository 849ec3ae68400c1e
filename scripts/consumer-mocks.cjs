// Runs one of the consumer project's programs under Pulumi mocks (a preview, as a pull request
// would), with Pulumi's own TypeScript runner setup (the ts-node and TypeScript @pulumi/pulumi
// picks, module resolution nodenext), and checks what it registered and which SDKs it loaded.
// Copied into the scratch project by scripts/consumer-test.sh. Usage: node consumer-mocks.cjs <program.ts>
const assert = require("node:assert/strict");
const path = require("node:path");
const pulumi = require("@pulumi/pulumi");
const { typeScriptRequireStrings } = require("@pulumi/pulumi/tsutils");

const file = process.argv[2];
const { tsnodeRequire, typescriptRequire } = typeScriptRequireStrings();
require(tsnodeRequire).register({
  compiler: typescriptRequire,
  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: true },
});

const HEX = "0123456789abcdef".repeat(4);
const registered = [];
pulumi.runtime.setMocks(
  {
    newResource: (a) => {
      registered.push(a);
      const computed = {
        arn: `arn:aws:mock:us-east-1:123456789012:${a.name}`,
        name: a.inputs.name ?? a.name,
        repositoryUrl: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${a.inputs.name}`,
        dnsName: `${a.name}.elb.amazonaws.com`,
        loginServer: `${a.name}.azurecr.io`,
        latestRevisionFqdn: `${a.name}.westeurope.azurecontainerapps.io`,
        digest: `sha256:${HEX}`,
        ...(a.inputs.tag && { ref: `${a.inputs.tag}@sha256:${HEX}` }),
      };
      return { id: `${a.name}-id`, state: { ...a.inputs, ...computed } };
    },
    call: (a) =>
      ({
        "aws:index/getAvailabilityZones:getAvailabilityZones": { names: ["us-east-1a", "us-east-1b"] },
        "aws:ecr/getAuthorizationToken:getAuthorizationToken": {
          proxyEndpoint: "https://123456789012.dkr.ecr.us-east-1.amazonaws.com",
          userName: "AWS",
          password: "mock",
        },
        "azure-native:authorization:getClientConfig": { subscriptionId: "sub", tenantId: "tenant", clientId: "client", objectId: "object" },
        "azure-native:authorization:getClientToken": { token: "aad" },
        "azure-native:operationalinsights:getSharedKeys": { primarySharedKey: "key" },
      })[a.token] ?? {},
  },
  "hello-graviton",
  "test",
  true,
);
pulumi.runtime.setAllConfig({ "hello-graviton:compartmentId": "ocid1.compartment.oc1..mock", "hello-graviton:ocirAuthToken": "mock" }, [
  "hello-graviton:ocirAuthToken",
]);

const program = require(path.resolve(file));
const byType = (t) => registered.filter((r) => r.type === t);
const sdks = () =>
  [
    ...new Set(
      Object.keys(require.cache)
        .map((k) => (/node_modules\/@pulumi\/([a-z-]+)\//.exec(k) || [])[1])
        .filter(Boolean),
    ),
  ].sort();

pulumi.output(program).apply(async () => {
  await pulumi.runtime.disconnect().catch(() => undefined);
  const task = byType("aws:ecs/taskDefinition:TaskDefinition")[0];
  assert.ok(task, "no task definition was registered");
  assert.equal(task.inputs.runtimePlatform.cpuArchitecture, "ARM64");
  if (path.basename(file) === "index.ts") {
    assert.deepEqual(sdks(), ["aws", "pulumi"], `importing /aws loaded ${sdks().join(", ")}`);
  } else {
    const platforms = byType("docker-build:index:Image")
      .map((r) => r.inputs.platforms.join())
      .sort();
    assert.deepEqual(platforms, ["linux/amd64", "linux/arm64"], "one build per platform");
    assert.equal(byType("docker-build:index:Index").length, 3, "one index per registry");
    assert.equal(byType("azure-native:app:ContainerApp")[0]?.inputs.workloadProfileName, "Consumption");
    assert.equal(byType("oci:ContainerEngine/containerInstance:ContainerInstance")[0]?.inputs.shape, "CI.Standard.A1.Flex");
  }
  console.log(`${file} under mocks: ${registered.length} resources, an ARM64 task definition; SDKs loaded: ${sdks().join(", ")}`);
});
