/**
 * Connections: the dev stack's api reaches db on every target, through each platform's own
 * discovery (ECS Service Connect with security-group rules per edge, Container Apps ingress,
 * localhost on OCI); and the connections config cannot express are refused by key.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { FargateTarget } from "@crossarch/components/aws";
import { findCycle, validateConnections, type TargetService } from "@crossarch/components/model";
import * as pulumi from "@pulumi/pulumi";
import * as path from "node:path";
import { rawNamespace } from "../../infra/config";
import { loadStack, PROJECT_ROOT } from "../../stacks/stack-file";
import { namespaceOf, plan, problemsOf } from "../helpers/config-cases";
import { registeredFor } from "../helpers/dev-run";
import { mockStack, one, ofType, plain, settle, type Recorded } from "../helpers/mocks";

let recorded: Recorded[];
beforeAll(async () => {
  ({ recorded } = await registeredFor("dev"));
});

const ecsContainer = (name: string) =>
  JSON.parse(plain(one(recorded, "aws:ecs/taskDefinition:TaskDefinition", name).inputs.containerDefinitions))[0];
const ecsEnv = (name: string) =>
  Object.fromEntries(ecsContainer(name).environment.map((e: { name: string; value: string }) => [e.name, e.value]));

describe("the dev stack's api connects to db on every target", () => {
  it("Fargate: Service Connect in a Cloud Map namespace, db published under its own name", () => {
    const ns = one(recorded, "aws:servicediscovery/httpNamespace:HttpNamespace", "aws-ns");
    expect(ns.inputs.name).toBe("shop-dev-aws");
    expect(ns.outputs.arn).toMatch(/^arn:aws:servicediscovery:us-east-1:\d{12}:namespace\/ns-[0-9a-f]+$/);
    expect(one(recorded, "aws:ecs/cluster:Cluster", "aws-cluster").inputs.serviceConnectDefaults).toEqual({ namespace: ns.outputs.arn });
    const db = one(recorded, "aws:ecs/service:Service", "aws-db").inputs.serviceConnectConfiguration;
    expect(db).toEqual({
      enabled: true,
      namespace: ns.outputs.arn,
      services: [{ portName: "main", discoveryName: "db-main", clientAlias: [{ port: 5432, dnsName: "db" }] }],
    });
    // the api is a client only; the worker takes no part
    expect(one(recorded, "aws:ecs/service:Service", "aws-api").inputs.serviceConnectConfiguration).toEqual({
      enabled: true,
      namespace: ns.outputs.arn,
      services: [],
    });
    expect(one(recorded, "aws:ecs/service:Service", "aws-worker").inputs.serviceConnectConfiguration).toBeUndefined();
    expect(ecsContainer("aws-db").portMappings).toEqual([{ name: "main", containerPort: 5432, protocol: "tcp" }]);
    expect(ecsContainer("aws-api").portMappings).toEqual([{ name: "main", containerPort: 8080, protocol: "tcp", appProtocol: "http" }]);
    expect(ecsEnv("aws-api")).toMatchObject({ DB_HOST: "db", DB_PORT: "5432", DB_URL: "tcp://db:5432", DB_USER: "shop" });
    // the password is not in the task definition: ECS reads it from Secrets Manager
    expect(ecsContainer("aws-api").secrets).toEqual([
      { name: "DB_PASSWORD", valueFrom: expect.stringMatching(/^arn:aws:secretsmanager:/) },
    ]);
    expect(JSON.stringify(ecsContainer("aws-api"))).not.toContain("db-password-dev");
  });

  it("ACA: db behind internal TCP ingress, reached by app name; the api gets its address", () => {
    const db = one(recorded, "azure-native:app:ContainerApp", "azure-db");
    // (the SDK fills in allowInsecure: false)
    expect(plain(db.inputs.configuration).ingress).toEqual({
      external: false,
      targetPort: 5432,
      transport: "tcp",
      exposedPort: 5432,
      allowInsecure: false,
    });
    const env = plain(one(recorded, "azure-native:app:ContainerApp", "azure-api").inputs.template.containers[0].env) as {
      name: string;
      value?: string;
      secretRef?: string;
    }[];
    const byName = Object.fromEntries(env.map((e) => [e.name, e.value ?? `secretRef:${e.secretRef}`]));
    expect(byName).toMatchObject({
      DB_HOST: db.outputs.name,
      DB_PORT: "5432",
      DB_URL: `tcp://${db.outputs.name}:5432`,
      DB_PASSWORD: "secretRef:db-password",
    });
    expect(ofType(recorded, "azure-native:app:ContainerApp").find((a) => a.name === "azure-db")?.inputs.configuration).toBeDefined();
  });
});

describe("connections config cannot express are refused by key", () => {
  it("a connection to a service on other targets names both services and targets", () => {
    const config = namespaceOf("dev");
    config.services[0].connects = ["cache"];
    expect(problemsOf(config)).toContain(
      "crossarch:services[0].connects[0]: api runs on target azure (aca) but cache does not (it runs on oracle); a service reaches only services of its own target: run cache on azure too, or limit api's targets",
    );
  });

  it("an unknown service", () => {
    const config = namespaceOf("dev");
    config.services[0].connects = ["db", "nope"];
    expect(problemsOf(config)).toEqual([
      'crossarch:services[0].connects[1]: "nope" is not a service; declared: api, worker, cache, db, migrate, nightly',
    ]);
  });

  it("a cycle, and a name that env already sets", () => {
    const config = namespaceOf("dev");
    config.services[3].connects = ["api"];
    config.services[0].env.DB_URL = "postgres://elsewhere";
    const problems = problemsOf(config);
    expect(problems).toContain(
      "crossarch:services[0].env.DB_URL: DB_URL is set by the connection to db (connects[0]); remove it from env or rename it",
    );
    expect(problems).toContain(
      "crossarch:services[0].connects: connections form a cycle (api -> db -> api); a service starts after the services it connects to, so one edge must go",
    );
    expect(
      findCycle([
        { name: "a", connects: ["b"] },
        { name: "b", connects: [] },
      ]),
    ).toBeUndefined();
  });

  it("a component refuses a connection to a service it does not run, before registering anything", async () => {
    const rec = await mockStack("lib", {});
    const svc: TargetService = {
      name: "api",
      image: { name: "app", ref: "repo/app@sha256:" + "0".repeat(64), platforms: ["linux/arm64"] },
      port: 8080,
      public: false,
      connects: ["db"],
      env: {},
      size: { cpu: 0.5, memoryMiB: 1024 },
      replicas: 1,
      health: { command: ["CMD", "true"], intervalSeconds: 10, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 10 },
      readOnlyRootFilesystem: true,
      shutdownGraceSeconds: 10,
    };
    let error: unknown;
    try {
      new FargateTarget("aws", { app: "shop", region: "us-east-1", services: [svc], network: { cidr: "10.0.0.0/16" }, tags: {} });
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertyError.isInstance(error)).toBe(true);
    expect((error as pulumi.InputPropertyError).propertyPath).toBe("services[0].connects[0]");
    expect((error as pulumi.InputPropertyError).reason).toBe('"db" is not a service of target aws; services there: api');
    expect(validateConnections([{ ...svc, connects: ["api"] }], { target: "aws" })[0].message).toBe("api cannot connect to itself");
    await settle();
    expect(rec.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
  });
});

describe("the local e2e's system", () => {
  it("passes the config checks: web -> api -> store on both arches, the store over TCP", () => {
    const stack = loadStack("local-system-e2e", { configFile: path.join(PROJECT_ROOT, "test/e2e/system.stack.yaml") });
    const p = plan(rawNamespace(stack.config).raw, "local-system-e2e");
    expect(p.deployments.map((d) => `${d.name}/${d.arch} ${d.ports.map((x) => `${x.protocol}:${x.port}`)} -> ${d.connects}`)).toEqual([
      "web/amd64 http:8080 -> api",
      "web/arm64 http:8080 -> api",
      "api/amd64 http:8080 -> store",
      "api/arm64 http:8080 -> store",
      "store/amd64 tcp:6380 -> ",
      "store/arm64 tcp:6380 -> ",
      "migrate/amd64  -> store",
      "migrate/arm64  -> store",
      "nightly/amd64  -> store",
      "nightly/arm64  -> store",
    ]);
    expect(p.deployments.find((d) => d.name === "migrate")?.job).toEqual({
      run: "once",
      before: ["api"],
      timeoutSeconds: 120,
      retries: 1,
    });
    expect(p.deployments.find((d) => d.name === "api")?.secretEnv).toEqual({ STORE_PASSWORD: "storePassword" });
  });
});
