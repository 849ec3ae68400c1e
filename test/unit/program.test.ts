import { describe, expect, it } from "vitest";
import { ConfigError } from "../../infra/config";
import { program } from "../../infra/program";
import { mockStack } from "../helpers/mocks";
import { stackConfig } from "../helpers/stack-files";

describe("the program under mocks", () => {
  it("plans the dev stack: each service on each target with its arch and size", async () => {
    await mockStack("dev", stackConfig("dev"));
    const out = await program();
    expect(out.app).toBe("shop");
    expect(out.stack).toBe("dev");
    const rows = out.deployments.map((d) => `${d.service}@${d.target} ${d.platform} ${d.cpu}/${d.memory} x${d.replicas}`);
    expect(rows).toEqual([
      "api@azure linux/amd64 0.5/1Gi x2",
      "api@aws linux/arm64 1/2Gi x2",
      "api@oracle linux/arm64 1/4Gi x1",
      "worker@aws linux/arm64 0.5/1Gi x1",
      "worker@oracle linux/arm64 0.5/2Gi x1",
      "cache@oracle linux/arm64 0.5/2Gi x1",
      "db@oracle linux/arm64 2/12Gi x1",
    ]);
    expect(out.budgets).toEqual([{ target: "oracle", used: "4 vCPU / 20Gi", budget: "4 vCPU / 24Gi", fits: true }]);
  });

  it("plans the local stack on both arches", async () => {
    await mockStack("local", stackConfig("local"));
    const out = await program();
    expect(out.deployments.map((d) => `${d.service} ${d.arch}`)).toEqual(["api amd64", "api arm64"]);
  });

  it("registers nothing and names the key when config is bad", async () => {
    const config = stackConfig("dev");
    const services = JSON.parse(config["crossarch:services"]);
    services[0].overrides.aws.cpu = 3;
    const recorded = await mockStack("dev", { ...config, "crossarch:services": JSON.stringify(services) });
    const run = program();
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(run).rejects.toThrow("crossarch:services[0].overrides.aws.cpu: 3 vCPU is not a Fargate task size");
    expect(recorded).toEqual([]);
  });

  it("refuses a config key it does not know before registering anything", async () => {
    const recorded = await mockStack("dev", { ...stackConfig("dev"), "crossarch:budget": "{}" });
    await expect(program()).rejects.toThrow('crossarch: unknown key "budget"; allowed: app, images, services, targets, profiles');
    expect(recorded).toEqual([]);
  });
});

describe("shipped stacks", () => {
  it("every catalogue stack has a stack file the program accepts", async () => {
    const { STACKS } = await import("../../stacks/catalogue");
    for (const s of STACKS) {
      await mockStack(s.name, stackConfig(s.name));
      const out = await program();
      expect(out.deployments.length, s.name).toBeGreaterThan(0);
    }
  });
});
