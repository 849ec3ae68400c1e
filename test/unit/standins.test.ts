import { describe, expect, it } from "vitest";
import { awsStandIn, STANDIN_AWS_ACCOUNT } from "../../standins/aws";
import { azureNativeStandIn } from "../../standins/azure-native";
import { diffInputs } from "../../standins/diff";
import { dockerBuildStandIn } from "../../standins/docker-build";
import { ociStandIn } from "../../standins/oci";
import { autonameFor, StandInProvider, UnknownInvokeError } from "../../standins/provider";
import { secret, UNKNOWN } from "../../standins/values";

const urn = (type: string, name: string) => `urn:pulumi:dev::crossarch::crossarch:targets:FargateTarget$${type}::${name}`;

describe("the stand-in diff", () => {
  it("reports a removed key as a change, and a replacement where the rule says so", () => {
    const d = diffInputs({ a: 1, b: [1, 2], c: "x" }, { a: 1, b: [1, 3] }, { replace: ["b"] });
    expect(d.changed).toEqual(["b", "c"]);
    expect(d.replaces).toEqual(["b"]);
    expect(d.detailed).toEqual({ b: "UPDATE_REPLACE", c: "DELETE" });
  });

  it("sees no change in reordered object keys, and a change in an unknown value", () => {
    expect(diffInputs({ o: { x: 1, y: 2 } }, { o: { y: 2, x: 1 } }, { replace: [] }).changed).toEqual([]);
    expect(diffInputs({ o: "same" }, { o: UNKNOWN }, { replace: [] }).changed).toEqual(["o"]);
  });

  it("replaces an ECS task definition on any change but its tags", () => {
    const p = new StandInProvider(awsStandIn, "7.48.0");
    const u = urn("aws:ecs/taskDefinition:TaskDefinition", "aws-api");
    expect(p.diff(u, { family: "f", cpu: "512", tags: { a: "1" } }, { family: "f", cpu: "512", tags: { a: "2" } }).replaces).toEqual([]);
    expect(p.diff(u, { family: "f", cpu: "512" }, { family: "f", cpu: "1024" }).replaces).toEqual(["cpu"]);
  });

  it("replaces an OCI container instance when one container changes, not when its tags do", () => {
    const p = new StandInProvider(ociStandIn, "4.20.0");
    const u = urn("oci:ContainerEngine/containerInstance:ContainerInstance", "oracle");
    const old = { containers: [{ displayName: "api", environmentVariables: { A: "1" } }], freeformTags: { app: "x" } };
    expect(p.diff(u, old, { ...old, containers: [{ displayName: "api", environmentVariables: { A: "2" } }] }).replaces).toEqual([
      "containers",
    ]);
    expect(p.diff(u, old, { ...old, freeformTags: { app: "y" } }).replaces).toEqual([]);
  });
});

describe("stand-in names and ids", () => {
  it("autonames like the real providers: logical name, a suffix, cut to the limit", () => {
    expect(autonameFor({ property: "name", maxLength: 32 }, "aws-a-very-long-service-name-for-lb", "seed")).toMatch(
      /^aws-a-very-long-service--[0-9a-f]{7}$/,
    );
    expect(autonameFor({ property: "name", maxLength: 32 }, "aws-a-very-long-service-name-for-lb", "seed")).toHaveLength(32);
    expect(autonameFor({ property: "registryName", alphanumeric: true }, "azure-acr", "s")).toMatch(/^azureacr[0-9a-f]{7}$/);
    expect(autonameFor({ property: "n", guid: true }, "ra", "s")).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("keeps an existing autoname and makes the same one for the same seed", () => {
    const p = new StandInProvider(awsStandIn, "7.48.0");
    const u = urn("aws:iam/role:Role", "aws-api-exec");
    const first = p.check(u, {}, { assumeRolePolicy: "{}" }, "seed");
    expect(first.name).toMatch(/^aws-api-exec-[0-9a-f]{7}$/);
    expect(p.check(u, {}, { assumeRolePolicy: "{}" }, "seed").name).toBe(first.name);
    expect(p.check(u, first, { assumeRolePolicy: "{}" }, "other").name).toBe(first.name);
    expect(p.check(u, {}, { name: "given" }, "seed").name).toBe("given");
  });

  it("derives ARNs and the ECR URL from the inputs and the provider's region", () => {
    const p = new StandInProvider(awsStandIn, "7.48.0");
    p.configure({ region: "eu-west-1", "aws:config:skipCredentialsValidation": true });
    const { id, outs } = p.create(urn("aws:ecr/repository:Repository", "aws-app"), { name: "shop/app", tags: { app: "shop" } });
    expect(id).toBe("shop/app");
    expect(outs).toMatchObject({
      name: "shop/app",
      repositoryUrl: `${STANDIN_AWS_ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com/shop/app`,
      arn: `arn:aws:ecr:eu-west-1:${STANDIN_AWS_ACCOUNT}:repository/shop/app`,
      tagsAll: { app: "shop" },
    });
  });

  it("gives a replaced task definition a new revision ARN", () => {
    const p = new StandInProvider(awsStandIn, "7.48.0");
    const u = urn("aws:ecs/taskDefinition:TaskDefinition", "aws-api");
    const a = p.create(u, { family: "shop-api", cpu: "512" }).outs.arn;
    const b = p.create(u, { family: "shop-api", cpu: "1024" }).outs.arn;
    expect(a).toMatch(/:task-definition\/shop-api:\d+$/);
    expect(b).not.toBe(a);
  });

  it("gives an ACR its login server and an identity its principal", () => {
    const p = new StandInProvider(azureNativeStandIn, "3.28.0");
    const reg = p.create(urn("azure-native:containerregistry:Registry", "azureacr"), {
      registryName: "shopacr1a2b3c4",
      resourceGroupName: "rg",
    });
    expect(reg.id).toMatch(/\/resourceGroups\/rg\/providers\/Microsoft\.ContainerRegistry\/registries\/shopacr1a2b3c4$/);
    expect(reg.outs.loginServer).toBe("shopacr1a2b3c4.azurecr.io");
    const identity = p.create(urn("azure-native:managedidentity:UserAssignedIdentity", "pull"), {
      resourceName: "pull",
      resourceGroupName: "rg",
    });
    expect(identity.outs.principalId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("keeps secret inputs secret in the outputs", () => {
    const p = new StandInProvider(dockerBuildStandIn, "0.0.22");
    const creds = secret("hunter2");
    const { outs } = p.create(urn("docker-build:index:Image", "app-arm64"), {
      context: { location: "../app" },
      platforms: ["linux/arm64"],
      registries: [{ password: creds }],
    });
    expect((outs.registries as { password: unknown }[])[0].password).toEqual(creds);
    expect(outs.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it("gives the same build the same digest and another build another", () => {
    const p = new StandInProvider(dockerBuildStandIn, "0.0.22");
    const u = urn("docker-build:index:Image", "app-arm64");
    const build = { context: { location: "../app" }, target: "runtime", platforms: ["linux/arm64"] };
    expect(p.create(u, build).outs.digest).toBe(p.create(u, { ...build }).outs.digest);
    expect(p.create(u, { ...build, target: "worker" }).outs.digest).not.toBe(p.create(u, build).outs.digest);
  });
});

describe("stand-in invokes", () => {
  it("answers the zones of the configured region and ECR credentials as secrets", () => {
    const p = new StandInProvider(awsStandIn, "7.48.0");
    p.configure({ region: "eu-west-1" });
    expect(p.invoke("aws:index/getAvailabilityZones:getAvailabilityZones", {}).names).toEqual(["eu-west-1a", "eu-west-1b", "eu-west-1c"]);
    const token = p.invoke("aws:ecr/getAuthorizationToken:getAuthorizationToken", {});
    expect(token.proxyEndpoint).toBe(`https://${STANDIN_AWS_ACCOUNT}.dkr.ecr.eu-west-1.amazonaws.com`);
    expect(token.password).toMatchObject({ value: expect.stringMatching(/^standin-ecr-/) });
  });

  it("refuses an invoke it does not know, naming the file to extend", () => {
    const p = new StandInProvider(ociStandIn, "4.20.0");
    expect(() => p.invoke("oci:Core/getShapes:getShapes", {})).toThrow(UnknownInvokeError);
    expect(() => p.invoke("oci:Core/getShapes:getShapes", {})).toThrow(/standins\/oci\.ts/);
  });
});

describe("the docker-build stand-in diffs as the real provider does", () => {
  const p = new StandInProvider(dockerBuildStandIn, "0.0.22");
  it("ignores a new registry password but not a new username, and replaces an index on a new tag", () => {
    const image = urn("docker-build:index:Image", "app-arm64");
    const old = { platforms: ["linux/arm64"], registries: [{ address: "r.example", username: "u", password: secret("a") }] };
    expect(p.diff(image, old, { ...old, registries: [{ address: "r.example", username: "u", password: UNKNOWN }] }).changed).toEqual([]);
    expect(p.diff(image, old, { ...old, registries: [{ address: "r.example", username: "v", password: secret("a") }] }).changed).toEqual([
      "registries",
    ]);
    const index = urn("docker-build:index:Index", "app-aws");
    expect(
      p.diff(
        index,
        { tag: "r/app:sha-1", registry: { password: secret("a") } },
        { tag: "r/app:sha-1", registry: { password: secret("b") } },
      ).changed,
    ).toEqual([]);
    expect(p.diff(index, { tag: "r/app:sha-1" }, { tag: "r/app:sha-2" }).replaces).toEqual(["tag"]);
  });
});
