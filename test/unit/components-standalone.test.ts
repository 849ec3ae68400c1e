import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { FargateTarget } from "@crossarch/components/aws";
import { AcaTarget } from "@crossarch/components/azure";
import type { TargetService } from "@crossarch/components/model";
import { mockStack, settle } from "../helpers/mocks";

/** A service as a library user would describe it. */
const service = (over: Partial<TargetService> = {}): TargetService => ({
  name: "api",
  image: {
    name: "app",
    ref: "123456789012.dkr.ecr.us-east-1.amazonaws.com/app@sha256:" + "a".repeat(64),
    platforms: ["linux/amd64", "linux/arm64"],
  },
  port: 8080,
  public: true,
  env: {},
  size: { cpu: 0.5, memoryMiB: 1024 },
  replicas: 2,
  health: {
    path: "/healthz",
    command: ["CMD", "node", "healthcheck.js"],
    intervalSeconds: 10,
    timeoutSeconds: 5,
    retries: 3,
    startPeriodSeconds: 10,
  },
  readOnlyRootFilesystem: true,
  shutdownGraceSeconds: 10,
  ...over,
});

/** The property paths and reasons a component construction refused with. */
function refusal(make: () => unknown): { path: string; reason: string }[] {
  try {
    make();
  } catch (e) {
    if (pulumi.InputPropertyError.isInstance(e)) return [{ path: e.propertyPath, reason: e.reason }];
    if (pulumi.InputPropertiesError.isInstance(e)) return e.errors.map((x) => ({ path: x.propertyPath, reason: x.reason }));
    throw e;
  }
  return [];
}

const fargate = (services: TargetService[]) => () =>
  new FargateTarget("aws", { app: "shop", region: "us-east-1", services, network: { cidr: "10.0.0.0/16" }, tags: {} });

describe("components check their own arguments, with the property path", () => {
  it("FargateTarget refuses an off-grid size", async () => {
    await mockStack("lib", {});
    expect(refusal(fargate([service({ size: { cpu: 0.75, memoryMiB: 2048 } })]))).toEqual([
      { path: "services[0].size.cpu", reason: expect.stringContaining("0.75 vCPU is not a Fargate task size") },
    ]);
    await settle();
  });

  it("FargateTarget refuses a health check ECS cannot run, an unusable image ref and zero replicas", async () => {
    await mockStack("lib", {});
    const bad = service({
      health: { ...service().health, command: undefined },
      image: { ...service().image, ref: "app@sha256:nope" },
      replicas: 0,
    });
    expect(refusal(fargate([service(), bad])).map((r) => r.path)).toEqual([
      "services[1].health.command",
      "services[1].image.ref",
      "services[1].replicas",
    ]);
    await settle();
  });

  it("AcaTarget refuses memory off the 2 GiB per vCPU rule", async () => {
    await mockStack("lib", {});
    const make = () =>
      new AcaTarget("azure", {
        resourceGroupName: "rg",
        location: "westeurope",
        // Container Apps probes over HTTP only and cannot make the root filesystem read-only
        services: [
          service({
            size: { cpu: 0.25, memoryMiB: 1024 },
            health: { ...service().health, command: undefined },
            readOnlyRootFilesystem: false,
          }),
        ],
        tags: {},
      });
    expect(refusal(make)).toEqual([
      { path: "services[0].size.memory", reason: expect.stringContaining("memory must be exactly 2Gi per vCPU, so 512Mi") },
    ]);
    await settle();
  });

  it("takes another resource's output as an env value and a region, and names families after the stack", async () => {
    const recorded = await mockStack("lib", {});
    const host = pulumi.output("db.internal");
    new FargateTarget("aws", {
      app: "shop",
      region: pulumi.output("eu-west-1"),
      services: [service({ env: { DB_HOST: host } })],
      network: { cidr: "10.0.0.0/16" },
      tags: {},
    });
    await settle();
    const task = recorded.find((r) => r.type === "aws:ecs/taskDefinition:TaskDefinition")?.inputs ?? {};
    const [def] = JSON.parse(task.containerDefinitions);
    expect(def.environment).toEqual([{ name: "DB_HOST", value: "db.internal" }]);
    expect(def.logConfiguration.options["awslogs-region"]).toBe("eu-west-1");
    expect(task.family).toBe("shop-lib-api");
  });

  it("accepts a valid service", async () => {
    await mockStack("lib", {});
    expect(refusal(fargate([service()]))).toEqual([]);
    await settle();
  });
});
