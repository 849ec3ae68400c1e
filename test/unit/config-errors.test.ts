import { describe, expect, it } from "vitest";
import { ConfigError, rawNamespace } from "../../infra/config";
import { namespaceOf, plan, problemsOf, type Tree } from "../helpers/config-cases";
import { CASES } from "../helpers/config-error-cases";

describe("bad stack config", () => {
  it("starts from a dev config that is valid", () => {
    expect(problemsOf(namespaceOf("dev"))).toEqual([]);
    expect(problemsOf(namespaceOf("local"), "local")).toEqual([]);
  });

  it.each([
    [
      "a base port outside the firewalled loopback range",
      (c: Tree) => (c.targets.local.basePort = 30000),
      "30000 puts replica api/amd64/0 on port 30000, outside 18000-20999, the range the bootstrap's firewall keeps on loopback",
    ],
    [
      "more replicas than a service and arch have ports",
      (c: Tree) => (c.services[0].replicas = 11),
      "replicas api/amd64/10 and api/arm64/0 both get port 18090; at most 10 replicas per service and arch",
    ],
  ])("local: %s", (_what, breakIt, message) => {
    const config = namespaceOf("local");
    breakIt(config);
    const problems = problemsOf(config, "local");
    expect(
      problems.some((p) => p.startsWith("crossarch:targets.local.basePort: ") && p.includes(message)),
      problems.join("\n"),
    ).toBe(true);
  });

  it("has at least 25 distinct cases", () => {
    expect(new Set(CASES.map((c) => c[0])).size).toBe(CASES.length);
    expect(CASES.length).toBeGreaterThanOrEqual(25);
  });

  it.each(CASES)("%s", (_what, breakIt, key, message) => {
    const config = namespaceOf("dev");
    breakIt(config);
    const problems = problemsOf(config);
    const hit = problems.find((p) => p.startsWith(`${key}: `));
    expect(hit, `no problem at ${key} in:\n${problems.join("\n")}`).toBeDefined();
    expect(hit).toContain(message);
  });

  it("reports every problem at once, each under its key", () => {
    const config = namespaceOf("dev");
    config.services[0].port = 0;
    config.targets.oracle.ocpus = "four";
    config.services[2].health = { retries: 0 };
    let error: unknown;
    try {
      plan(config);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const e = error as ConfigError;
    expect(e.problems).toHaveLength(3);
    expect(e.message).toMatch(/^crossarch stack config has 3 problems; nothing was deployed:/);
    expect(e.message).toContain("crossarch:services[0].port:");
    expect(e.message).toContain("crossarch:targets.oracle.ocpus:");
    expect(e.message).toContain("crossarch:services[2].health.retries:");
  });
});

describe("reading the flat Pulumi config", () => {
  it("decodes structured keys, keeps scalars and leaves other namespaces alone", () => {
    const { raw, problems } = rawNamespace({ "crossarch:app": "shop", "crossarch:services": "[1]", "aws:region": "us-east-1" });
    expect(problems).toEqual([]);
    expect(raw).toEqual({ app: "shop", services: [1] });
  });

  it("reports a structured key that is not JSON", () => {
    expect(rawNamespace({ "crossarch:targets": "azure" }).problems).toEqual([
      { path: ["targets"], message: 'must be a YAML object or list, got the text "azure"' },
    ]);
  });

  it("does not take a registry's secret key for a misspelt one", () => {
    const { raw } = rawNamespace({
      "crossarch:targets": JSON.stringify({ oracle: { registry: { passwordSecret: "ocirAuthToken" } } }),
      "crossarch:ocirAuthToken": "s3cret",
    });
    expect(raw).toEqual({ targets: { oracle: { registry: { passwordSecret: "ocirAuthToken" } } } });
  });
});
