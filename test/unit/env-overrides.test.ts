import { describe, expect, it } from "vitest";
import { PRICES } from "../../tools/prices";
import { summarize } from "../../tools/summary";
import { namespaceOf, plan, problemsOf } from "../helpers/config-cases";

/** The dev stack with per-arch and per-target env on the api. */
function withOverrides() {
  const config = namespaceOf("dev");
  const api = (config.services as Record<string, any>[])[0]; // eslint-disable-line @typescript-eslint/no-explicit-any
  api.overrides.arm64 = { env: { WORKERS: "4", LOG_LEVEL: "debug" } };
  api.overrides.aws = { ...api.overrides.aws, env: { LOG_LEVEL: "warn" } };
  return config;
}

describe("env per arch and per target", () => {
  it("merges service env, then the arch's, then the target's", () => {
    const deployments = plan(withOverrides()).deployments.filter((d) => d.name === "api");
    const envOn = (target: string) => deployments.find((d) => d.target === target)?.env ?? {};
    expect(envOn("aws")).toMatchObject({ WORKERS: "4", LOG_LEVEL: "warn" }); // arm64, and the target wins
    expect(envOn("oracle")).toMatchObject({ WORKERS: "4", LOG_LEVEL: "debug" }); // arm64
    expect(envOn("azure")).toMatchObject({ LOG_LEVEL: "info" }); // amd64: the service's own
    expect(envOn("azure").WORKERS).toBeUndefined();
    expect(envOn("aws").CROSSARCH_ARCH).toBe("arm64"); // the profile still comes last
  });

  it("shows in the plan where each overridden value came from", () => {
    const md = summarize(plan(withOverrides()), PRICES);
    expect(md).toContain(
      "- api on aws (arm64): WORKERS from services[0].overrides.arm64.env, LOG_LEVEL from services[0].overrides.aws.env",
    );
  });

  it("keeps CROSSARCH_* reserved in overrides too", () => {
    const config = withOverrides();
    (config.services as Record<string, any>[])[0].overrides.arm64.env.CROSSARCH_WORKERS = "9"; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(problemsOf(config)).toContain(
      "crossarch:services[0].overrides.arm64.env.CROSSARCH_WORKERS: CROSSARCH_* variables are set by crossarch from the arch profile; choose another name",
    );
  });
});
