/**
 * No silent drops: every key of a service, on every target kind, either shows up in what that
 * target deploys or is refused before anything is created, naming the key and the target. The
 * table must cover every key the schema has, so a new key without a row fails here.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { stackConfigSchema } from "../../infra/config-schema";
import { program, type ProgramOutputs } from "../../infra/program";
import { problemsOf, type Tree } from "../helpers/config-cases";
import { mockStack, ofType, one, plain, settle, type Recorded } from "../helpers/mocks";
import { OFFLINE } from "../helpers/stacks";

type Kind = "aca" | "fargate" | "oci" | "local";
const TARGET: Record<Kind, string> = { aca: "azure", fargate: "aws", oci: "oracle", local: "local" };
const KINDS = Object.keys(TARGET) as Kind[];
const DIGEST = "sha256:" + "c".repeat(64);

/** A stack with one target of each kind; `svc` is the service under test, `client` connects to it. */
function base(): Tree {
  const command = { health: { command: ["CMD", "true"] } };
  return {
    app: "walk",
    images: {
      app: { build: { context: "app", target: "runtime" } },
      other: { ref: `registry.example/other@${DIGEST}`, platforms: ["linux/amd64", "linux/arm64"] },
    },
    targets: {
      azure: { kind: "aca", location: "westeurope" },
      aws: { kind: "fargate", region: "us-east-1" },
      oracle: {
        kind: "oci",
        region: "eu-frankfurt-1",
        compartmentId: "ocid1.compartment.oc1..walk",
        availabilityDomain: "AD-1",
        ocpus: 4,
        memory: "24Gi",
        assignPublicIp: true,
        registry: { namespace: "walk", username: "ci", passwordSecret: "ocirToken" },
      },
      local: { kind: "local", arches: ["amd64"], registry: { address: "registry.crossarch.test:5443" } },
    },
    services: [
      { name: "svc", image: "app", port: 8080, size: { cpu: 0.5, memory: "1Gi" }, overrides: { aws: structuredClone(command) } },
      {
        name: "client",
        image: "app",
        port: 8081,
        connects: ["svc"],
        size: { cpu: 0.5, memory: "1Gi" },
        overrides: { aws: structuredClone(command) },
      },
    ],
  };
}

/** What each kind deployed for `svc` (and its client's env), under mocks. */
interface View {
  recorded: Recorded[];
  out: ProgramOutputs;
  aca: { app: Tree; container: Tree; clientEnv: Record<string, string> };
  fargate: { def: Tree; service: Tree; clientEnv: Record<string, string> };
  oci: { container: Tree; clientEnv: Record<string, string> };
  local: { containers: Tree[]; clientEnv: Record<string, string> };
}

async function deploy(ns: Tree): Promise<View> {
  const flat = Object.fromEntries(Object.entries(ns).map(([k, v]) => [`crossarch:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));
  flat["crossarch:ocirToken"] = "token";
  const cwd = process.cwd();
  process.chdir(path.join(cwd, "infra"));
  try {
    const recorded = await mockStack("walk", flat, false, ["crossarch:ocirToken"]);
    const out = await program(OFFLINE);
    await settle();
    const app = (name: string) => recorded.find((r) => r.type === "azure-native:app:ContainerApp" && r.name === `azure-${name}`)?.inputs;
    const acaEnv = (a: Tree | undefined) =>
      Object.fromEntries((plain(a?.template.containers[0].env) ?? []).map((e: Tree) => [e.name, e.value]));
    const taskDef = (name: string) => {
      const r = recorded.find((x) => x.type === "aws:ecs/taskDefinition:TaskDefinition" && x.name === `aws-${name}`);
      return r ? JSON.parse(plain(r.inputs.containerDefinitions))[0] : undefined;
    };
    const instance = recorded.find((r) => r.type === "oci:ContainerEngine/containerInstance:ContainerInstance");
    const ociContainer = (name: string) => plain(instance?.inputs.containers)?.find((c: Tree) => c.displayName === name);
    const locals = ofType(recorded, "pulumi-nodejs:dynamic/crossarch:LocalContainer");
    const localOf = (name: string) => locals.filter((c) => c.name.startsWith(`local-${name}-`)).map((c) => c.inputs);
    const fargateEnv = (d: Tree | undefined) => Object.fromEntries((d?.environment ?? []).map((e: Tree) => [e.name, e.value]));
    return {
      recorded,
      out,
      aca: {
        app: { ...app("svc"), configuration: plain(app("svc")?.configuration) },
        container: app("svc")?.template.containers[0],
        clientEnv: acaEnv(app("client")),
      },
      fargate: {
        def: taskDef("svc"),
        service: recorded.find((r) => r.type === "aws:ecs/service:Service" && r.name === "aws-svc")?.inputs ?? {},
        clientEnv: fargateEnv(taskDef("client")),
      },
      oci: { container: ociContainer("svc"), clientEnv: plain(ociContainer("client")?.environmentVariables) ?? {} },
      local: { containers: localOf("svc"), clientEnv: plain(localOf("client")[0]?.env) ?? {} },
    };
  } finally {
    process.chdir(cwd);
  }
}

type Effect = (v: View) => void;
type Row = {
  /** Edit the namespace (`svc` is services[0], `client` services[1]). */
  edit: (ns: Tree, svc: Tree, client: Tree) => void;
  /** Per kind: the effect to see, or the words of the refusal. */
  on: Record<Kind, Effect | { refused: string }>;
};

const svcOf = (ns: Tree) => ns.services[0];
const refused = (words: string) => ({ refused: words });

/** The table: one row per service key (health keys as `health.<key>`). */
const ROWS: Record<string, Row> = {
  name: {
    edit: (_ns, svc, client) => ((svc.name = "renamed"), (client.connects = ["renamed"])),
    on: {
      aca: (v) => expect(one(v.recorded, "azure-native:app:ContainerApp", "azure-renamed")).toBeDefined(),
      fargate: (v) =>
        expect(one(v.recorded, "aws:ecs/taskDefinition:TaskDefinition", "aws-renamed").inputs.family).toBe("walk-walk-renamed"),
      oci: (v) => expect(v.oci.clientEnv.RENAMED_HOST).toBe("localhost"),
      local: (v) =>
        expect(ofType(v.recorded, "pulumi-nodejs:dynamic/crossarch:LocalContainer").map((c) => c.inputs.name)).toContain(
          "walk-renamed-amd64-0",
        ),
    },
  },
  image: {
    edit: (_ns, svc) => (svc.image = "other"),
    on: {
      aca: (v) => expect(v.aca.container.image).toBe(`registry.example/other@${DIGEST}`),
      fargate: (v) => expect(v.fargate.def.image).toBe(`registry.example/other@${DIGEST}`),
      oci: (v) => expect(v.oci.container.imageUrl).toBe(`registry.example/other@${DIGEST}`),
      local: (v) => expect(v.local.containers[0].image).toBe(`registry.example/other@${DIGEST}`),
    },
  },
  port: {
    edit: (_ns, svc) => (svc.port = 9090),
    on: {
      aca: (v) => expect(v.aca.app.configuration.ingress.targetPort).toBe(9090),
      fargate: (v) => expect(v.fargate.def.portMappings[0].containerPort).toBe(9090),
      oci: (v) => expect(v.oci.clientEnv.SVC_PORT).toBe("9090"),
      // host networking: the port becomes the replica's own loopback port, given to the app as PORT
      local: (v) => expect(v.local.clientEnv.SVC_PORT).toBe(plain(v.local.containers[0].env).PORT),
    },
  },
  protocol: {
    edit: (_ns, svc) => (svc.protocol = "tcp"),
    on: {
      aca: (v) => expect(v.aca.app.configuration.ingress).toMatchObject({ transport: "tcp", exposedPort: 8080 }),
      fargate: (v) => expect(v.fargate.clientEnv.SVC_URL).toBe("tcp://svc:8080"),
      oci: (v) => expect(v.oci.clientEnv.SVC_URL).toBe("tcp://localhost:8080"),
      local: (v) => expect(v.local.clientEnv.SVC_URL).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/),
    },
  },
  ports: {
    edit: (_ns, svc) => (delete svc.port, (svc.ports = [{ port: 8080 }, { name: "metrics", port: 9090 }])),
    on: {
      aca: (v) =>
        expect(v.aca.app.configuration.ingress.additionalPortMappings).toEqual([{ external: false, targetPort: 9090, exposedPort: 9090 }]),
      fargate: (v) => expect(v.fargate.clientEnv.SVC_METRICS_URL).toBe("http://svc:9090"),
      oci: (v) => expect(v.oci.clientEnv.SVC_METRICS_PORT).toBe("9090"),
      local: (v) => expect(plain(v.local.containers[0].env).PORT_METRICS).toBe(v.local.clientEnv.SVC_METRICS_PORT),
    },
  },
  connects: {
    edit: () => undefined, // the client connects in every row; here we look at what it got
    on: {
      aca: (v) =>
        expect(v.aca.clientEnv.SVC_URL).toMatch(/^https:\/\/azure-svc[^.]*\.internal\.[0-9a-f]+\.westeurope\.azurecontainerapps\.io$/),
      fargate: (v) => expect([v.fargate.clientEnv.SVC_HOST, v.fargate.clientEnv.SVC_PORT]).toEqual(["svc", "8080"]),
      oci: (v) => expect(v.oci.clientEnv.SVC_URL).toBe("http://localhost:8080"),
      local: (v) => expect(v.local.clientEnv.SVC_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/),
    },
  },
  public: {
    edit: (_ns, svc) => ((svc.public = true), (svc.health = { path: "/healthz" })),
    on: {
      aca: (v) => expect(v.aca.app.configuration.ingress.external).toBe(true),
      fargate: (v) => expect(ofType(v.recorded, "aws:lb/loadBalancer:LoadBalancer").map((r) => r.name)).toEqual(["aws-svc"]),
      oci: (v) =>
        expect(one(v.recorded, "oci:Core/securityList:SecurityList", "oracle-net-security").inputs.ingressSecurityRules[0].source).toBe(
          "0.0.0.0/0",
        ),
      local: (v) => expect(Object.keys(plain(v.out.urls).local)).toEqual(["svc/amd64/0"]),
    },
  },
  entrypoint: {
    edit: (_ns, svc) => (svc.entrypoint = ["node"]),
    on: {
      aca: (v) => expect(v.aca.container.command).toEqual(["node"]),
      fargate: (v) => expect(v.fargate.def.entryPoint).toEqual(["node"]),
      oci: (v) => expect(v.oci.container.commands).toEqual(["node"]),
      local: (v) => expect(v.local.containers[0].entrypoint).toEqual(["node"]),
    },
  },
  args: {
    edit: (_ns, svc) => (svc.args = ["dist/server.js"]),
    on: {
      aca: (v) => expect(v.aca.container.args).toEqual(["dist/server.js"]),
      fargate: (v) => expect(v.fargate.def.command).toEqual(["dist/server.js"]),
      oci: (v) => expect(v.oci.container.arguments).toEqual(["dist/server.js"]),
      local: (v) => expect(v.local.containers[0].args).toEqual(["dist/server.js"]),
    },
  },
  env: {
    edit: (_ns, svc) => (svc.env = { FEATURE: "on" }),
    on: {
      aca: (v) => expect(v.aca.container.env).toContainEqual({ name: "FEATURE", value: "on" }),
      fargate: (v) => expect(v.fargate.def.environment).toContainEqual({ name: "FEATURE", value: "on" }),
      oci: (v) => expect(v.oci.container.environmentVariables.FEATURE).toBe("on"),
      local: (v) => expect(plain(v.local.containers[0].env).FEATURE).toBe("on"),
    },
  },
  "health.path": {
    edit: (_ns, svc) => (svc.health = { path: "/healthz" }),
    on: {
      aca: (v) => expect(v.aca.container.probes[1].httpGet.path).toBe("/healthz"),
      fargate: refused("ECS checks HTTP only at a public service's load balancer"),
      oci: (v) => expect(v.oci.container.healthChecks[0]).toMatchObject({ healthCheckType: "HTTP", path: "/healthz" }),
      local: (v) => expect(v.local.containers[0].probe).toMatchObject({ path: "/healthz" }),
    },
  },
  "health.readinessPath": {
    edit: (_ns, svc) => (svc.health = { readinessPath: "/readyz" }),
    on: {
      aca: (v) => expect(v.aca.container.probes[2].httpGet.path).toBe("/readyz"),
      fargate: refused("ECS checks HTTP only at a public service's load balancer"),
      oci: refused("has no readiness gate"),
      local: (v) => expect(v.local.containers[0].probe).toMatchObject({ readyPath: "/readyz" }),
    },
  },
  "health.port": {
    edit: (_ns, svc) => (svc.health = { port: 9091 }),
    on: {
      aca: (v) => expect(v.aca.container.probes[0].tcpSocket.port).toBe(9091),
      fargate: refused("no check of a service that is not public uses a port"),
      oci: (v) => expect(v.oci.container.healthChecks[0].port).toBe(9091),
      local: refused("is not one of the service's ports"),
    },
  },
  "health.command": {
    edit: (_ns, svc) => ((svc.health = { command: ["CMD", "node", "dist/healthcheck.js"] }), delete svc.overrides.aws),
    on: {
      aca: refused("Container Apps probes are HTTP or TCP only"),
      fargate: (v) => expect(v.fargate.def.healthCheck.command).toEqual(["CMD", "node", "dist/healthcheck.js"]),
      oci: refused("OCI container health checks are HTTP or TCP only"),
      local: (v) => expect(v.local.containers[0].healthcheck.test).toEqual(["CMD", "node", "dist/healthcheck.js"]),
    },
  },
  ...Object.fromEntries(
    (
      [
        ["intervalSeconds", 20, "periodSeconds", "interval", "intervalInSeconds"],
        ["timeoutSeconds", 4, "timeoutSeconds", "timeout", "timeoutInSeconds"],
        ["retries", 5, "failureThreshold", "retries", "failureThreshold"],
        ["startPeriodSeconds", 40, "initialDelaySeconds", "startPeriod", "initialDelayInSeconds"],
      ] as const
    ).map(([key, value, acaKey, ecsKey, ociKey]): [string, Row] => [
      `health.${key}`,
      {
        edit: (_ns, svc) => (svc.health = { [key]: value }),
        on: {
          aca: (v) => expect(v.aca.container.probes[key === "startPeriodSeconds" ? 0 : 1][acaKey]).toBe(value),
          fargate: (v) => expect(v.fargate.def.healthCheck[ecsKey]).toBe(value),
          oci: (v) => expect(v.oci.container.healthChecks[0][ociKey]).toBe(value),
          local: (v) => expect(v.local.containers[0].healthcheck[key]).toBe(value),
        },
      },
    ]),
  ),
  replicas: {
    edit: (_ns, svc) => (svc.replicas = 2),
    on: {
      aca: (v) => expect(v.aca.app.template.scale).toEqual({ minReplicas: 2, maxReplicas: 2 }),
      fargate: (v) => expect(v.fargate.service.desiredCount).toBe(2),
      oci: refused("an OCI container instance runs each service once"),
      local: (v) => expect(v.local.containers).toHaveLength(2),
    },
  },
  targets: {
    edit: (_ns, svc, client) => ((svc.targets = ["aws"]), (client.targets = ["aws"])),
    on: {
      aca: (v) => expect(v.aca.container).toBeUndefined(),
      fargate: (v) => expect(v.fargate.def).toBeDefined(),
      oci: (v) => expect(v.oci.container).toBeUndefined(),
      local: (v) => expect(v.local.containers).toEqual([]),
    },
  },
  size: {
    edit: (_ns, svc) => (svc.size = { cpu: 1, memory: "2Gi" }),
    on: {
      aca: (v) => expect(v.aca.container.resources).toEqual({ cpu: 1, memory: "2Gi" }),
      fargate: (v) =>
        expect(one(v.recorded, "aws:ecs/taskDefinition:TaskDefinition", "aws-svc").inputs).toMatchObject({ cpu: "1024", memory: "2048" }),
      oci: (v) => expect(v.oci.container.resourceConfig).toEqual({ vcpusLimit: 1, memoryLimitInGbs: 2 }),
      local: (v) => expect([v.local.containers[0].cpu, v.local.containers[0].memoryMiB]).toEqual([1, 2048]),
    },
  },
  overrides: {
    edit: (_ns, svc) => {
      for (const t of Object.values(TARGET)) svc.overrides[t] = { ...svc.overrides[t], env: { WHERE: t } };
    },
    on: {
      aca: (v) => expect(v.aca.container.env).toContainEqual({ name: "WHERE", value: "azure" }),
      fargate: (v) => expect(v.fargate.def.environment).toContainEqual({ name: "WHERE", value: "aws" }),
      oci: (v) => expect(v.oci.container.environmentVariables.WHERE).toBe("oracle"),
      local: (v) => expect(plain(v.local.containers[0].env).WHERE).toBe("local"),
    },
  },
  volumes: {
    edit: (_ns, svc) =>
      (svc.volumes = [
        { name: "data", path: "/data", persistent: true },
        { name: "tmp", path: "/scratch" },
      ]),
    on: {
      aca: (v) => {
        expect(v.aca.app.template.volumes).toEqual([
          { name: "data", storageType: "AzureFile", storageName: "svc-data" },
          { name: "tmp", storageType: "EmptyDir" },
        ]);
        expect(v.aca.container.volumeMounts).toEqual([
          { volumeName: "data", mountPath: "/data" },
          { volumeName: "tmp", mountPath: "/scratch" },
        ]);
      },
      fargate: (v) => {
        const task = one(v.recorded, "aws:ecs/taskDefinition:TaskDefinition", "aws-svc").inputs;
        expect(task.volumes[0].efsVolumeConfiguration).toMatchObject({
          transitEncryption: "ENABLED",
          authorizationConfig: { iam: "ENABLED" },
        });
        expect(task.volumes[1]).toEqual({ name: "tmp" });
        expect(v.fargate.def.mountPoints).toEqual([
          { sourceVolume: "data", containerPath: "/data", readOnly: false },
          { sourceVolume: "tmp", containerPath: "/scratch", readOnly: false },
        ]);
      },
      oci: (v) => {
        const instance = one(v.recorded, "oci:ContainerEngine/containerInstance:ContainerInstance", "oracle").inputs;
        expect(instance.volumes.map((x: Tree) => [x.name, x.volumeType])).toEqual([
          ["svc-data", "OCI_FSS_FILE_SYSTEM"],
          ["svc-tmp", "EMPTYDIR"],
        ]);
        expect(v.oci.container.volumeMounts).toEqual([
          { volumeName: "svc-data", mountPath: "/data" },
          { volumeName: "svc-tmp", mountPath: "/scratch" },
        ]);
      },
      local: (v) =>
        expect(v.local.containers[0].mounts).toEqual([
          { type: "volume", source: "walk-svc-data-amd64", target: "/data" },
          { type: "tmpfs", target: "/scratch" },
        ]),
    },
  },
  "volumes[].size (persistent)": {
    edit: (_ns, svc) => (svc.volumes = [{ name: "data", path: "/data", persistent: true, size: "20Gi" }]),
    on: {
      aca: (v) => expect(one(v.recorded, "azure-native:storage:FileShare", "azure-svc-data").inputs.shareQuota).toBe(20),
      fargate: refused("EFS grows as needed"),
      oci: refused("OCI File Storage grows as needed"),
      local: refused("a Docker named volume takes no size"),
    },
  },
  "volumes[].size (scratch)": {
    edit: (_ns, svc) => (svc.volumes = [{ name: "tmp", path: "/scratch", size: "64Mi" }]),
    on: {
      aca: refused("EmptyDir volume has no size"),
      fargate: refused("Fargate's task storage is shared by the task"),
      oci: refused("an OCI EMPTYDIR volume has no size"),
      local: (v) => expect(v.local.containers[0].mounts).toEqual([{ type: "tmpfs", target: "/scratch", sizeMiB: 64 }]),
    },
  },
  job: {
    // a nightly job: no port, nobody connects to it
    edit: (_ns, svc, client) => {
      delete svc.port;
      delete svc.overrides.aws;
      svc.job = { schedule: "0 3 * * *" };
      client.connects = [];
    },
    on: {
      aca: (v) =>
        expect(plain(one(v.recorded, "azure-native:app:Job", "azure-svc").inputs.configuration)).toMatchObject({
          triggerType: "Schedule",
          scheduleTriggerConfig: { cronExpression: "0 3 * * *", parallelism: 1, replicaCompletionCount: 1 },
          replicaTimeout: 1800,
          replicaRetryLimit: 0,
        }),
      fargate: (v) =>
        expect(one(v.recorded, "aws:scheduler/schedule:Schedule", "aws-svc").inputs).toMatchObject({
          scheduleExpression: "cron(0 3 * * ? *)",
          scheduleExpressionTimezone: "UTC",
        }),
      oci: refused("OCI has no scheduler that runs a container instance to completion"),
      local: (v) =>
        expect(one(v.recorded, "pulumi-nodejs:dynamic/crossarch:LocalJob", "local-svc-amd64").inputs.run).toEqual({
          schedule: "0 3 * * *",
        }),
    },
  },
  "job[] (once, before a service)": {
    // a migration: the client starts only after it exited 0
    edit: (_ns, svc, client) => {
      delete svc.port;
      delete svc.overrides.aws;
      svc.job = { run: "once", before: ["client"] };
      client.connects = [];
    },
    on: {
      aca: (v) =>
        expect(
          one(v.recorded, "azure-native:app:ContainerApp", "azure-client").inputs.template.initContainers.map((c: Tree) => c.name),
        ).toEqual(["svc"]),
      fargate: (v) => {
        const defs = JSON.parse(plain(one(v.recorded, "aws:ecs/taskDefinition:TaskDefinition", "aws-client").inputs.containerDefinitions));
        expect(defs.map((d: Tree) => [d.name, d.essential])).toEqual([
          ["client", true],
          ["svc", false],
        ]);
        expect(defs[0].dependsOn).toEqual([{ containerName: "svc", condition: "SUCCESS" }]);
      },
      oci: refused("containers of one instance start together"),
      local: (v) => expect(one(v.recorded, "pulumi-nodejs:dynamic/crossarch:LocalJob", "local-svc-amd64").inputs.run).toBe("once"),
    },
  },
  user: {
    edit: (_ns, svc) => (svc.user = "10001:10001"),
    on: {
      aca: refused("Container Apps has no setting for the user a container runs as"),
      fargate: (v) => expect(v.fargate.def.user).toBe("10001:10001"),
      oci: (v) => expect(v.oci.container.securityContext).toMatchObject({ runAsUser: 10001, runAsGroup: 10001 }),
      local: (v) => expect(v.local.containers[0].user).toBe("10001:10001"),
    },
  },
  readOnlyRootFilesystem: {
    edit: (_ns, svc) => (svc.readOnlyRootFilesystem = true),
    on: {
      aca: refused("Container Apps cannot mount a container's root filesystem read-only"),
      fargate: (v) => expect(v.fargate.def.readonlyRootFilesystem).toBe(true),
      oci: (v) => expect(v.oci.container.securityContext.isRootFileSystemReadonly).toBe(true),
      local: (v) => expect(v.local.containers[0].readOnlyRootFilesystem).toBe(true),
    },
  },
};

/** Keys every service has, which need no row: its identity and the retired `command`. */
const NOT_ROWS = ["command"];

describe("every service key takes effect on each target kind, or is refused there", () => {
  it("has a row for every key of a service and of its health check", () => {
    const service = stackConfigSchema.shape.services.element.shape;
    const keys = [
      ...Object.keys(service).filter((k) => k !== "health" && !NOT_ROWS.includes(k)),
      ...Object.keys(service.health.unwrap().shape).map((k) => `health.${k}`),
    ];
    // one row per key, and rows for the parts of a key that differ per target (volumes[].size)
    expect(
      Object.keys(ROWS)
        .filter((k) => !k.includes("[]"))
        .sort(),
    ).toEqual(keys.sort());
  });

  for (const [key, row] of Object.entries(ROWS)) {
    it(key, async () => {
      const takes = KINDS.filter((k) => typeof row.on[k] === "function");
      const refuses = KINDS.filter((k) => typeof row.on[k] !== "function");
      // refused: with every target, each refusing one is named at the key
      if (refuses.length > 0) {
        const ns = base();
        row.edit(ns, ns.services[0], ns.services[1]);
        const problems = problemsOf(ns, "walk");
        for (const k of refuses) {
          const words = (row.on[k] as { refused: string }).refused;
          const named = problems.filter(
            (p) => p.startsWith("crossarch:services[0].") && p.includes(`target ${TARGET[k]}`) && p.includes(words),
          );
          expect(named, `${key} on ${k}: ${problems.join("\n")}`).toHaveLength(1);
        }
      }
      // taken: with the targets that take it, each shows it in what it deploys
      const ns = base();
      row.edit(ns, ns.services[0], ns.services[1]);
      if (refuses.length > 0)
        for (const s of ns.services) {
          s.targets = s.targets ?? takes.map((k) => TARGET[k]);
          for (const t of Object.keys(s.overrides ?? {})) if (!s.targets.includes(t)) delete s.overrides[t];
        }
      const view = await deploy(ns);
      for (const k of takes) (row.on[k] as Effect)(view);
    });
  }

  it("the base system itself is accepted everywhere", () => {
    expect(problemsOf(base(), "walk")).toEqual([]);
    expect(svcOf(base()).name).toBe("svc");
  });
});
