/**
 * The table of the every-key walk (test/unit/every-key.test.ts): per service key, how to set it
 * on the base system, and per target kind the effect to see in what that kind deploys, or the
 * words of its refusal.
 */
import { expect } from "vitest";
import type { TargetKind } from "../../components/kinds";
import type { ProgramOutputs } from "../../infra/program";
import type { Tree } from "./config-cases";
import { one, ofType, plain, type Recorded } from "./mocks";

/** Target kinds (the shipped list: a new kind makes the compiler name every row) and the target of each in the base system. */
export type Kind = TargetKind;
export const TARGET: Record<Kind, string> = { aca: "azure", fargate: "aws", oci: "oracle", local: "local" };
export const DIGEST = "sha256:" + "c".repeat(64);

/** What each kind deployed for `svc` (and its client's env), under mocks. */
export interface View {
  recorded: Recorded[];
  out: ProgramOutputs;
  aca: { app: Tree; container: Tree; clientEnv: Record<string, string> };
  fargate: { def: Tree; service: Tree; clientEnv: Record<string, string> };
  oci: { container: Tree; clientEnv: Record<string, string> };
  local: { containers: Tree[]; clientEnv: Record<string, string> };
}

export type Effect = (v: View) => void;
export type Row = {
  /** Edit the namespace (`svc` is services[0], `client` services[1]). */
  edit: (ns: Tree, svc: Tree, client: Tree) => void;
  /** Per kind: the effect to see, or the words of the refusal. */
  on: Record<Kind, Effect | { refused: string }>;
};

export const refused = (words: string) => ({ refused: words });

/** The table: one row per service key (health keys as `health.<key>`). */
export const ROWS: Record<string, Row> = {
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
    edit: (ns, svc) => {
      ns.images.other = { ref: `registry.example/other@${DIGEST}`, platforms: ["linux/amd64", "linux/arm64"] };
      svc.image = "other";
    },
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
