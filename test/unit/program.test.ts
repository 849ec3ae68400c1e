import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../infra/config";
import { program } from "../../infra/program";
import { isSecretInput, mockStack, ofType, one, plain, settle, valueOf } from "../helpers/mocks";
import { OFFLINE, runnableConfig, fakeDigest } from "../helpers/stacks";

const IMAGE = "docker-build:index:Image";

describe("the program under mocks", () => {
  it("plans the dev stack: each service on each target with its arch and size", async () => {
    await mockStack("dev", runnableConfig("dev"));
    const out = await program(OFFLINE);
    expect(out.app).toBe("shop");
    expect(out.stack).toBe("dev");
    const rows = out.deployments.map((d) => `${d.service}@${d.target} ${d.platform} ${d.cpu}/${d.memory} x${d.replicas}`);
    expect(rows).toEqual([
      "api@azure linux/amd64 0.25/512Mi x2",
      "api@aws linux/arm64 1/2Gi x2",
      "api@oracle linux/arm64 1/4Gi x1",
      "worker@aws linux/arm64 0.5/1Gi x1",
      "worker@oracle linux/arm64 0.5/2Gi x1",
      "cache@oracle linux/arm64 0.5/2Gi x1",
      "db@azure linux/amd64 1/2Gi x1",
      "db@aws linux/arm64 1/2Gi x1",
      "db@oracle linux/arm64 2/12Gi x1",
      "migrate@azure linux/amd64 0.25/512Mi x1",
      "migrate@aws linux/arm64 0.25/512Mi x1",
      "nightly@azure linux/amd64 0.5/1Gi x1",
    ]);
    expect(out.budgets).toEqual([{ target: "oracle", used: "4 vCPU / 20Gi", budget: "4 vCPU / 24Gi", fits: true }]);
    await settle();
  });

  it("builds each configured image once per arch and pushes it to the registry of every target that runs it", async () => {
    const recorded = await mockStack("dev", runnableConfig("dev"));
    const out = await program(OFFLINE);
    await settle();
    expect(
      ofType(recorded, IMAGE)
        .map((r) => r.name)
        .sort(),
    ).toEqual(["app-amd64", "app-arm64", "worker-amd64", "worker-arm64"]);
    const app = one(recorded, IMAGE, "app-arm64").inputs;
    expect(app.target).toBe("runtime");
    expect(app.exports[0].registry.names).toEqual([
      `${one(recorded, "azure-native:containerregistry:Registry", "azureacr").outputs.loginServer}/shop/app`,
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/app",
      "fra.ocir.io/crossarchdev/shop/app",
    ]);
    // worker runs on aws and oracle only: not pushed to ACR
    expect(one(recorded, IMAGE, "worker-arm64").inputs.exports[0].registry.names).toEqual([
      "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/worker",
      "fra.ocir.io/crossarchdev/shop/worker",
    ]);
    expect(one(recorded, IMAGE, "worker-arm64").inputs.target).toBe("worker");
    // ACR, ECR and OCIR logins, every one secret
    expect(isSecretInput(app.registries)).toBe(true);
    expect(plain(app.registries).map((r: { username: string }) => r.username)).toEqual([
      "00000000-0000-0000-0000-000000000000",
      "AWS",
      "crossarchdev/crossarch-ci",
    ]);
    expect(plain(app.registries)[2].password).toBe("ocir-auth-token");
    // deployments run digest-pinned references from their own target's registry
    const api = out.deployments.find((d) => d.service === "api" && d.target === "aws");
    expect(await valueOf(api?.image)).toMatch(/^123456789012\.dkr\.ecr\.us-east-1\.amazonaws\.com\/shop\/app@sha256:[0-9a-f]{64}$/);
    const db = out.deployments.find((d) => d.service === "db");
    // an external ref given by tag runs the digest its registry names for the tag at preview
    expect(await valueOf(db?.image)).toBe(`docker.io/library/postgres@${fakeDigest("docker.io/library/postgres:16-bookworm")}`);
    expect(out.images.app.platforms).toEqual(["linux/amd64", "linux/arm64"]);
    await settle();
  });

  it("plans the local stack on both arches and pushes to the loopback registry", async () => {
    const recorded = await mockStack("local", runnableConfig("local"));
    const cwd = process.cwd();
    process.chdir(path.join(cwd, "infra")); // Pulumi runs the program in its main directory
    const out = await program(OFFLINE).finally(() => process.chdir(cwd));
    await settle();
    expect(out.deployments.map((d) => `${d.service} ${d.arch}`)).toEqual(["api amd64", "api arm64"]);
    const build = one(recorded, IMAGE, "app-arm64").inputs;
    expect(build.exports[0].registry.names).toEqual(["registry.crossarch.test:5443/crossarch/app"]);
    expect(build.exports[0].registry.insecure).toBeUndefined(); // TLS registry
    expect(build.buildArgs.BASE_IMAGE).toBe("registry.crossarch.test:5443/crossarch/node-base:bookworm");
    expect(build.builder).toEqual({ name: "crossarch" });
    expect(build.network).toBe("host");
    // paths are relative to the program's directory (infra/), the same on every checkout
    expect(build.context).toEqual({ location: "../app" });
    expect(build.dockerfile).toEqual({ location: "../app/Dockerfile" });
    // each local replica runs its own arch's manifest, pinned by digest
    const arm64Digest = one(recorded, "docker-build:index:Image", "app-arm64").outputs.digest;
    expect(await valueOf(out.deployments[1].image)).toBe(`registry.crossarch.test:5443/crossarch/app@${arm64Digest}`);
    await settle();
  });

  it("refuses a local registry whose name resolves off this machine, before registering anything", async () => {
    const recorded = await mockStack("local", runnableConfig("local"));
    await expect(program({ ...OFFLINE, lookupHost: async () => ["127.0.0.1", "192.0.2.10"] })).rejects.toThrow(
      "crossarch:targets.local.registry.address: registry.crossarch.test resolves to 127.0.0.1, 192.0.2.10; a local registry must be on 127.0.0.0/8 only",
    );
    expect(recorded).toEqual([]);
  });

  it("registers nothing and names the key when config is bad", async () => {
    const config = runnableConfig("dev");
    const services = JSON.parse(config["crossarch:services"]);
    services[0].overrides.aws.cpu = 3;
    const recorded = await mockStack("dev", { ...config, "crossarch:services": JSON.stringify(services) });
    const run = program(OFFLINE);
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(run).rejects.toThrow("crossarch:services[0].overrides.aws.cpu: 3 vCPU is not a Fargate task size");
    expect(recorded).toEqual([]);
  });

  it("refuses a config key it does not know before registering anything", async () => {
    const recorded = await mockStack("dev", { ...runnableConfig("dev"), "crossarch:budget": "{}" });
    await expect(program(OFFLINE)).rejects.toThrow(
      'crossarch: unknown key "budget"; allowed: app, images, services, targets, version, release, registries, profiles',
    );
    expect(recorded).toEqual([]);
  });

  it("refuses a registry secret that is not set before registering anything", async () => {
    const config = runnableConfig("dev");
    delete config["crossarch:ocirAuthToken"];
    const recorded = await mockStack("dev", config);
    await expect(program(OFFLINE)).rejects.toThrow(
      "crossarch:targets.oracle.registry.passwordSecret: names crossarch:ocirAuthToken, which is not set; set it with: pulumi config set --secret crossarch:ocirAuthToken <password>",
    );
    expect(recorded).toEqual([]);
  });
});

describe("shipped stacks", () => {
  it("every catalogue stack has a stack file the program accepts", async () => {
    const { STACKS } = await import("../../stacks/catalogue");
    for (const s of STACKS) {
      await mockStack(s.name, runnableConfig(s.name));
      const out = await program(OFFLINE);
      expect(out.deployments.length, s.name).toBeGreaterThan(0);
      await settle();
    }
  });
});
