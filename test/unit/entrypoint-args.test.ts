import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { registeredFor } from "../helpers/dev-run";
import { ofType, one, plain } from "../helpers/mocks";
import { namespaceOf, problemsOf } from "../helpers/config-cases";

/** The api with its ENTRYPOINT and CMD replaced. */
const withEntrypointAndArgs = (config: Record<string, string>) => {
  const services = JSON.parse(config["crossarch:services"]);
  services[0].entrypoint = ["node"];
  services[0].args = ["dist/server.js", "--port", "8080"];
  config["crossarch:services"] = JSON.stringify(services);
};

describe("entrypoint and args mean the same on every target", () => {
  it("ECS entryPoint/command, ACA command/args, OCI commands/arguments", async () => {
    const { recorded } = await registeredFor("dev", withEntrypointAndArgs);
    const [ecs] = JSON.parse(one(recorded, "aws:ecs/taskDefinition:TaskDefinition", "aws-api").inputs.containerDefinitions);
    expect([ecs.entryPoint, ecs.command]).toEqual([["node"], ["dist/server.js", "--port", "8080"]]);
    const aca = one(recorded, "azure-native:app:ContainerApp", "azure-api").inputs.template.containers[0];
    expect([aca.command, aca.args]).toEqual([["node"], ["dist/server.js", "--port", "8080"]]);
    const oci = plain(one(recorded, "oci:ContainerEngine/containerInstance:ContainerInstance", "oracle").inputs.containers).find(
      (c: { displayName: string }) => c.displayName === "api",
    );
    expect([oci.commands, oci.arguments]).toEqual([["node"], ["dist/server.js", "--port", "8080"]]);
  });

  it("Docker Entrypoint/Cmd on the local engine", async () => {
    const cwd = process.cwd();
    process.chdir(path.join(cwd, "infra"));
    const { recorded } = await registeredFor("local", withEntrypointAndArgs).finally(() => process.chdir(cwd));
    for (const c of ofType(recorded, "pulumi-nodejs:dynamic/crossarch:LocalContainer")) {
      expect([c.inputs.entrypoint, c.inputs.args]).toEqual([["node"], ["dist/server.js", "--port", "8080"]]);
    }
  });

  it("refuses the old command key, saying which of the two to use", () => {
    const config = namespaceOf("dev");
    (config.services as { command?: string[] }[])[0].command = ["node", "server.js"];
    expect(problemsOf(config)).toContain(
      "crossarch:services[0].command: command is no longer read: it replaced the image's ENTRYPOINT on ACA and OCI but its CMD on ECS and Docker; use entrypoint to replace the ENTRYPOINT and args to replace the CMD (the same on every target)",
    );
  });
});
