import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { ACR_PULL_ROLE_ID, AcrRegistry } from "../../components/azure/acr";
import { ACR_TOKEN_USERNAME } from "../../components/azure/acr-token";
import { EcrRegistry, ecrLifecyclePolicy } from "../../components/aws/ecr";
import { GenericRegistry } from "../../components/image/generic-registry";
import { LocalRegistry } from "../../components/local/registry";
import { OcirRegistry, ocirHost } from "../../components/oci/ocir";
import { STANDIN_SUBSCRIPTION } from "../../standins/azure-native";
import { mockStack, one, ofType, settle, valueOf } from "../helpers/mocks";

const TAGS = { arch: "arm64", app: "shop", stack: "dev", "managed-by": "crossarch" };

describe("ECR", () => {
  it("creates a repository per image with scan on push, immutable tags except cache-*, and a lifecycle policy", async () => {
    const recorded = await mockStack("dev", {});
    const ecr = new EcrRegistry("aws", { namespace: "shop", images: ["app", "worker"], tags: TAGS });
    expect(await valueOf(ecr.repositoryFor("worker"))).toBe("123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/worker");
    expect(await valueOf(ecr.server)).toBe("123456789012.dkr.ecr.us-east-1.amazonaws.com");
    await settle();
    const repos = ofType(recorded, "aws:ecr/repository:Repository");
    expect(repos.map((r) => r.inputs.name)).toEqual(["shop/app", "shop/worker"]);
    const app = repos[0].inputs;
    expect(app.imageScanningConfiguration).toEqual({ scanOnPush: true });
    expect(app.imageTagMutability).toBe("IMMUTABLE_WITH_EXCLUSION");
    expect(app.imageTagMutabilityExclusionFilters).toEqual([{ filter: "cache-*", filterType: "WILDCARD" }]);
    expect(app.forceDelete).toBe(false);
    expect(app.tags).toEqual(TAGS);
    const policy = JSON.parse(one(recorded, "aws:ecr/lifecyclePolicy:LifecyclePolicy", "aws-app").inputs.policy);
    expect(policy.rules).toHaveLength(1);
    expect(policy.rules[0].selection).toEqual({
      tagStatus: "tagged",
      tagPrefixList: ["sha-"],
      countType: "imageCountMoreThan",
      countNumber: 20,
    });
  });

  it("never expires untagged manifests (the per-arch images an index points at)", () => {
    expect(ecrLifecyclePolicy(5)).not.toContain("untagged");
    expect(JSON.parse(ecrLifecyclePolicy(5)).rules[0].selection.countNumber).toBe(5);
  });

  it("keeps the authorization token secret", async () => {
    await mockStack("dev", {});
    const ecr = new EcrRegistry("aws", { namespace: "shop", images: ["app"], tags: TAGS });
    expect(await pulumi.isSecret(ecr.login)).toBe(true);
    expect(await valueOf(ecr.login)).toEqual({
      address: "123456789012.dkr.ecr.us-east-1.amazonaws.com",
      username: "AWS",
      password: expect.stringMatching(/^standin-ecr-[0-9a-f]{24}$/), // what getAuthorizationToken answered
    });
    expect(() => new EcrRegistry("x", { namespace: "shop", images: [], tags: TAGS, keepIndexes: 0 })).toThrow("keep at least 1 index");
    await settle();
  });
});

describe("ACR", () => {
  it("disables the admin user and lets a managed identity pull with AcrPull", async () => {
    const recorded = await mockStack("dev", {});
    const acr = new AcrRegistry("azure", {
      resourceGroupName: "rg",
      location: "westeurope",
      namespace: "shop",
      tags: TAGS,
      tokenExchange: async (server, aad) => `refresh(${server},${aad})`,
    });
    const repository = await valueOf(acr.repositoryFor("app"));
    await settle();
    const registry = one(recorded, "azure-native:containerregistry:Registry", "azureacr");
    expect(repository).toBe(`${registry.outputs.loginServer}/shop/app`);
    expect(registry.outputs.loginServer).toMatch(/^azureacr[0-9a-f]{7}\.azurecr\.io$/); // autonamed, letters and digits only
    const reg = registry.inputs;
    expect(reg.adminUserEnabled).toBe(false);
    expect(reg.anonymousPullEnabled).toBe(false);
    expect(reg.sku).toEqual({ name: "Basic" });
    expect(reg.tags).toEqual(TAGS);
    const role = one(recorded, "azure-native:authorization:RoleAssignment", "azure-acrpull").inputs;
    expect(role.principalId).toBe(one(recorded, "azure-native:managedidentity:UserAssignedIdentity", "azure-pull").outputs.principalId);
    expect(role.principalType).toBe("ServicePrincipal");
    expect(role.scope).toBe(registry.id);
    expect(role.roleDefinitionId).toBe(
      `/subscriptions/${STANDIN_SUBSCRIPTION}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL_ROLE_ID}`,
    );
  });

  it("pushes with an exchanged AAD token that stays secret", async () => {
    await mockStack("dev", {});
    const acr = new AcrRegistry("azure", {
      resourceGroupName: "rg",
      location: "westeurope",
      namespace: "shop",
      tags: TAGS,
      tokenExchange: async (s, t) => `refresh(${s},${t})`,
    });
    expect(await pulumi.isSecret(acr.login)).toBe(true);
    const login = await valueOf(acr.login);
    const server = await valueOf(acr.server);
    await settle();
    // the exchange got the registry and the AAD token getClientToken answered
    expect(login).toEqual({
      address: server,
      username: ACR_TOKEN_USERNAME,
      password: expect.stringMatching(new RegExp(`^refresh\\(${server},standin-aad-[0-9a-f]{32}\\)$`)),
    });
  });

  it("makes no exchange during a preview: the password is empty there, which docker-build's diff ignores", async () => {
    await mockStack("dev", {}, true);
    const calls: string[] = [];
    const acr = new AcrRegistry("azure", {
      resourceGroupName: "rg",
      location: "westeurope",
      namespace: "shop",
      tags: TAGS,
      tokenExchange: async (s) => {
        calls.push(s);
        return "refresh";
      },
    });
    expect(await valueOf(acr.login)).toMatchObject({ username: ACR_TOKEN_USERNAME, password: "" });
    expect(await pulumi.isSecret(acr.login)).toBe(true);
    await settle();
    expect(calls).toEqual([]);
  });

  it("refuses a registry name Azure would refuse", async () => {
    await mockStack("dev", {});
    expect(
      () => new AcrRegistry("azure", { resourceGroupName: "rg", location: "x", namespace: "shop", registryName: "my-acr", tags: TAGS }),
    ).toThrow('"my-acr": ACR names are 5-50 letters or digits');
  });
});

describe("OCIR", () => {
  it("creates private immutable repositories, a mutable cache repository, and logs in as namespace/user", async () => {
    const recorded = await mockStack("dev", {});
    const ocir = new OcirRegistry("oracle", {
      compartmentId: "ocid1.compartment.oc1..x",
      region: "eu-frankfurt-1",
      tenancyNamespace: "tenancyns",
      namespace: "shop",
      images: ["app"],
      username: "ci",
      authToken: "auth-token",
      freeformTags: TAGS,
    });
    expect(await valueOf(ocir.repositoryFor("app"))).toBe("fra.ocir.io/tenancyns/shop/app");
    expect(await valueOf(ocir.cacheRepositoryFor("app"))).toBe("fra.ocir.io/tenancyns/shop/app-cache");
    expect(await pulumi.isSecret(ocir.login)).toBe(true);
    expect(await valueOf(ocir.login)).toEqual({ address: "fra.ocir.io", username: "tenancyns/ci", password: "auth-token" });
    await settle();
    const repo = one(recorded, "oci:Artifacts/containerRepository:ContainerRepository", "oracle-app").inputs;
    expect(repo).toMatchObject({
      displayName: "shop/app",
      isImmutable: true,
      isPublic: false,
      freeformTags: TAGS,
      compartmentId: "ocid1.compartment.oc1..x",
    });
    expect(one(recorded, "oci:Artifacts/containerRepository:ContainerRepository", "oracle-app-cache").inputs).toMatchObject({
      isImmutable: false,
      isPublic: false,
    });
  });

  it("derives the registry host from the region", () => {
    expect(ocirHost("us-ashburn-1")).toBe("iad.ocir.io");
    expect(ocirHost("eu-frankfurt-1")).toBe("fra.ocir.io");
    expect(ocirHost("xx-newregion-1")).toBe("ocir.xx-newregion-1.oci.oraclecloud.com");
  });
});

describe("local registry", () => {
  it("accepts loopback addresses only and keeps the password secret", async () => {
    await mockStack("local", {});
    const reg = new LocalRegistry("local", { address: "127.0.0.1:5000", namespace: "shop", username: "crossarch", password: "pw" });
    expect(await valueOf(reg.repositoryFor("app"))).toBe("127.0.0.1:5000/shop/app");
    expect(await pulumi.isSecret(reg.login!)).toBe(true);
    expect(() => new LocalRegistry("bad", { address: "10.0.0.5:5000", namespace: "shop" })).toThrow(
      '"10.0.0.5:5000" is not a loopback address',
    );
    expect(() => new LocalRegistry("half", { address: "127.0.0.1:5000", namespace: "shop", username: "u" })).toThrow(
      "give both username and password, or neither",
    );
    expect(new LocalRegistry("anon", { address: "localhost:5000", namespace: "shop" }).login).toBeUndefined();
    await settle();
  });
});

describe("generic registry", () => {
  it("speaks plain HTTP to a loopback registry only, as the registry client reads it", async () => {
    await mockStack("dev", {});
    const insecure = (server: string) => new GenericRegistry(server.replace(/\W/g, "-"), { server }).insecure;
    expect(insecure("127.0.0.1:5444")).toBe(true);
    expect(insecure("127.0.0.2:5444")).toBe(true);
    expect(insecure("localhost:5444")).toBe(true);
    expect(insecure("ghcr.io")).toBe(false);
    expect(insecure("localhost.example.com:5444")).toBe(false);
    await settle();
  });
});
