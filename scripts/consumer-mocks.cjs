// Runs the consumer project's index.ts under Pulumi mocks with Pulumi's own TypeScript runner
// setup (the ts-node and TypeScript that @pulumi/pulumi picks, module resolution nodenext), and
// checks what it registered. Copied into the scratch project by scripts/consumer-test.sh.
const assert = require("node:assert/strict");
const pulumi = require("@pulumi/pulumi");
const { typeScriptRequireStrings } = require("@pulumi/pulumi/tsutils");

const { tsnodeRequire, typescriptRequire } = typeScriptRequireStrings();
require(tsnodeRequire).register({
  compiler: typescriptRequire,
  compilerOptions: { target: "ES2020", module: "nodenext", moduleResolution: "nodenext", sourceMap: true },
});

const registered = [];
pulumi.runtime.setMocks(
  {
    newResource: (a) => {
      registered.push(a);
      const arn = `arn:aws:mock:us-east-1:123456789012:${a.name}`;
      return {
        id: `${a.name}-id`,
        state: {
          ...a.inputs,
          arn,
          name: a.inputs.name ?? a.name,
          repositoryUrl: `123456789012.dkr.ecr.us-east-1.amazonaws.com/${a.inputs.name}`,
          dnsName: `${a.name}.elb.amazonaws.com`,
        },
      };
    },
    call: (a) =>
      a.token === "aws:index/getAvailabilityZones:getAvailabilityZones"
        ? { names: ["us-east-1a", "us-east-1b"] }
        : a.token === "aws:ecr/getAuthorizationToken:getAuthorizationToken"
          ? { proxyEndpoint: "https://123456789012.dkr.ecr.us-east-1.amazonaws.com", userName: "AWS", password: "mock" }
          : {},
  },
  "hello-graviton",
  "test",
);

const program = require(require("node:path").resolve("index.ts"));
pulumi.output(program.url).apply(async (url) => {
  await pulumi.runtime.disconnect().catch(() => undefined);
  const task = registered.find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition");
  assert.ok(task, "no task definition was registered");
  assert.equal(task.inputs.runtimePlatform.cpuArchitecture, "ARM64");
  assert.equal(task.inputs.cpu, "256");
  assert.match(url, /^http:\/\/.+\.elb\.amazonaws\.com$/);
  const sdks = [
    ...new Set(
      Object.keys(require.cache)
        .map((k) => (/node_modules\/@pulumi\/([a-z-]+)\//.exec(k) || [])[1])
        .filter(Boolean),
    ),
  ].sort();
  assert.deepEqual(sdks, ["aws", "pulumi"], `importing /aws loaded ${sdks.join(", ")}`);
  console.log(`consumer under mocks: ${registered.length} resources, an ARM64 task definition, ${url}; SDKs loaded: ${sdks.join(", ")}`);
});
