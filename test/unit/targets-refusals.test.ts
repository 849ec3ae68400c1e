import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { HEALTH_DEFAULTS } from "../../components/model/health";
import { AcaTarget } from "../../components/azure/aca";
import { FargateTarget } from "../../components/aws/fargate";
import { OciTarget } from "../../components/oci/instance";
import type { TargetService } from "../../components/model/service";
import { mockStack, settle } from "../helpers/mocks";

/** A service each target can run: a command check only where it runs in the container (ECS). */
const service = (platforms: string[], size = { cpu: 1, memoryMiB: 2048 }, kind: "fargate" | "aca" | "oci" = "fargate"): TargetService => ({
  name: "api",
  image: { name: "app", ref: "repo/app@sha256:" + "0".repeat(64), platforms },
  port: 8080,
  public: kind !== "oci",
  env: {},
  size,
  replicas: 1,
  health: { path: "/healthz", ...(kind === "fargate" && { command: ["CMD", "true"] }), ...HEALTH_DEFAULTS },
  readOnlyRootFilesystem: kind !== "aca",
  shutdownGraceSeconds: 10,
});
const TAGS = { arch: "arm64", app: "shop", stack: "t", "managed-by": "crossarch" };

/** The error a constructor throws. */
function thrown(make: () => unknown): unknown {
  try {
    make();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe("targets refuse before registering anything of their own", () => {
  it("Fargate on Graviton refuses an amd64-only image", async () => {
    const recorded = await mockStack("t", {});
    const e = thrown(
      () =>
        new FargateTarget("aws", {
          app: "shop",
          region: "us-east-1",
          services: [service(["linux/amd64", "unknown/unknown"])],
          network: { cidr: "10.0.0.0/16" },
          tags: TAGS,
        }),
    );
    expect(pulumi.InputPropertyError.isInstance(e)).toBe(true);
    expect((e as pulumi.InputPropertyError).reason).toContain(
      "cannot run on target aws (AWS Fargate): it needs linux/arm64 but the image has linux/amd64, unknown/unknown (ignored)",
    );
    await settle();
    expect(recorded.filter((r) => r.type.startsWith("aws:"))).toEqual([]);
  });

  it("Container Apps refuses an arm64-only image", async () => {
    const recorded = await mockStack("t", {});
    const e = thrown(
      () =>
        new AcaTarget("azure", {
          resourceGroupName: "rg",
          location: "westeurope",
          services: [service(["linux/arm64"], undefined, "aca")],
          tags: TAGS,
        }),
    );
    expect((e as pulumi.InputPropertyError).reason).toContain("it needs linux/amd64 but the image has linux/arm64");
    await settle();
    expect(recorded.filter((r) => r.type.startsWith("azure-native:"))).toEqual([]);
  });

  it("OCI refuses containers that do not fit the instance, and an off-range shape", async () => {
    const recorded = await mockStack("t", {});
    const args = {
      compartmentId: "ocid1.compartment.oc1..x",
      availabilityDomain: "AD-1",
      services: [service(["linux/arm64"], { cpu: 3, memoryMiB: 8192 }, "oci")],
      freeformTags: TAGS,
    };
    const tooBig = thrown(
      () => new OciTarget("oracle", { ...args, instance: { shape: "CI.Standard.A1.Flex", ocpus: 2, memoryMiB: 16384 } }),
    );
    expect((tooBig as pulumi.InputPropertyError).propertyPath).toBe("services");
    expect((tooBig as pulumi.InputPropertyError).reason).toContain(
      "api asks for 3 vCPU / 8Gi, more than the whole CI.Standard.A1.Flex instance (2 vCPU / 16Gi)",
    );
    const badShape = thrown(
      () => new OciTarget("oracle", { ...args, instance: { shape: "CI.Standard.A1.Flex", ocpus: 4, memoryMiB: 300 * 1024 } }),
    );
    expect((badShape as pulumi.InputPropertyError).propertyPath).toBe("instance.memory");
    const amd64Only = thrown(
      () =>
        new OciTarget("oracle", {
          ...args,
          services: [service(["linux/amd64"], undefined, "oci")],
          instance: { shape: "CI.Standard.A1.Flex", ocpus: 4, memoryMiB: 24576 },
        }),
    );
    expect((amd64Only as pulumi.InputPropertyError).reason).toContain("it needs linux/arm64");
    await settle();
    expect(recorded.filter((r) => r.type.startsWith("oci:"))).toEqual([]);
  });
});
