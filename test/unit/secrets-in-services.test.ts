import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { registeredFor } from "../helpers/dev-run";
import { isSecretInput, ofType, one, plain } from "../helpers/mocks";

/** `crossarch:services` as `pulumi config set --secret --path 'crossarch:services[0].env.API_TOKEN'` leaves it. */
const withToken = (config: Record<string, string>) => {
  const services = JSON.parse(config["crossarch:services"]);
  services[0].env.API_TOKEN = "s3cr3t-token";
  config["crossarch:services"] = JSON.stringify(services);
};

describe("a secret set under crossarch:services with --path", () => {
  it("reaches every cloud target's env only as a Pulumi secret", async () => {
    const { recorded } = await registeredFor("dev", withToken, ["crossarch:services"]);
    // a secret inside a property makes the whole property secret on its way to the engine
    const template = one(recorded, "azure-native:app:ContainerApp", "azure-api").inputs.template;
    expect(isSecretInput(template)).toBe(true);
    expect(plain(template).containers[0].env).toContainEqual({ name: "API_TOKEN", value: "s3cr3t-token" });
    const task = one(recorded, "aws:ecs/taskDefinition:TaskDefinition", "aws-api").inputs;
    expect(isSecretInput(task.containerDefinitions)).toBe(true);
    expect(isSecretInput(one(recorded, "oci:ContainerEngine/containerInstance:ContainerInstance", "oracle").inputs.containers)).toBe(true);
    // nowhere in plaintext
    const plaintextHolders = recorded.filter((r) => JSON.stringify(r.inputs).includes("s3cr3t-token") && !isSecretSomewhere(r.inputs));
    expect(plaintextHolders.map((r) => r.name)).toEqual([]);
  });

  it("reaches the local containers' env only as a Pulumi secret", async () => {
    const cwd = process.cwd();
    process.chdir(path.join(cwd, "infra"));
    const { recorded } = await registeredFor("local", withToken, ["crossarch:services"]).finally(() => process.chdir(cwd));
    const containers = ofType(recorded, "pulumi-nodejs:dynamic/crossarch:LocalContainer");
    expect(containers).toHaveLength(2);
    for (const c of containers) expect(isSecretInput(c.inputs.env), c.name).toBe(true);
  });

  it("leaves env plain when no service config is secret", async () => {
    const { recorded } = await registeredFor("dev");
    expect(isSecretInput(one(recorded, "azure-native:app:ContainerApp", "azure-api").inputs.template)).toBe(false);
  });
});

/** True when the plaintext sits only inside secret wrappers of these inputs. */
function isSecretSomewhere(inputs: Record<string, unknown>): boolean {
  const strip = (v: unknown): unknown => {
    if (isSecretInput(v)) return "[secret]";
    if (Array.isArray(v)) return v.map(strip);
    if (typeof v === "object" && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)]));
    return v;
  };
  return !JSON.stringify(strip(inputs)).includes("s3cr3t-token");
}
