import { describe, expect, it } from "vitest";
import { reportMarkdown, runStacks, type StackEngine, type StackOutcome } from "../../stacks/runner";

describe("the multi-stack runner", () => {
  it("runs stacks in order and reports changes and policy results", async () => {
    const calls: string[] = [];
    const engine: StackEngine = async (stack, op): Promise<StackOutcome> => {
      calls.push(`${op} ${stack}`);
      return stack === "local"
        ? { changes: { same: 9 }, policies: [] }
        : {
            changes: { create: 40, same: 0 },
            policies: [{ policy: "crossarch-oci-no-public-ip", resource: "oracle", message: "has a public IP", level: "advisory" }],
          };
    };
    const reports = await runStacks(["local", "dev"], "preview", engine);
    expect(calls).toEqual(["preview local", "preview dev"]);
    expect(reports.map((r) => r.status)).toEqual(["ok", "ok"]);
    const md = reportMarkdown("preview", reports);
    expect(md).toContain("| local | passed | 9 same | 0 mandatory, 0 advisory |");
    expect(md).toContain("| dev | passed | 40 create | 0 mandatory, 1 advisory |");
    expect(md).toContain("- dev: `crossarch-oci-no-public-ip` (advisory) on oracle: has a public IP");
  });

  it("previews every stack even when one fails, so a pull request sees them all", async () => {
    const engine: StackEngine = async (stack) => {
      if (stack === "dev") throw new TypeError("mandatory policy violated: crossarch-ecs-non-root");
      return { changes: { create: 3 }, policies: [] };
    };
    const reports = await runStacks(["dev", "prod"], "preview", engine);
    expect(reports.map((r) => `${r.stack}:${r.status}`)).toEqual(["dev:failed", "prod:ok"]);
  });

  it("stops an update at the first failing stack, skips the rest and reports the error", async () => {
    const calls: string[] = [];
    const engine: StackEngine = async (stack) => {
      calls.push(stack);
      if (stack === "dev") throw new TypeError("crossarch:services[0].port: Too big: expected number to be <=65535; given 70000");
      return { changes: { same: 1 }, policies: [] };
    };
    const reports = await runStacks(["local", "dev", "prod"], "up", engine);
    expect(calls).toEqual(["local", "dev"]);
    expect(reports.map((r) => `${r.stack}:${r.status}`)).toEqual(["local:ok", "dev:failed", "prod:skipped"]);
    const md = reportMarkdown("up", reports);
    expect(md).toContain("| dev | **FAILED** | - | - |");
    expect(md).toContain("| prod | skipped (an earlier stack failed) | - | - |");
    expect(md).toContain("crossarch:services[0].port: Too big");
  });
});

describe("loud replacements", () => {
  it("says which services a replacement restarts and what data they lose, from the plan", async () => {
    const { planOffline } = await import("../../tools/offline-plan");
    const { explainReplacement, replacementNotes } = await import("../../tools/summary");
    const plan = planOffline("dev");
    const engine: StackEngine = async () => ({
      changes: { replace: 2, update: 1 },
      policies: [],
      replaced: [
        { type: "oci:ContainerEngine/containerInstance:ContainerInstance", name: "oracle" },
        { type: "aws:ecs/taskDefinition:TaskDefinition", name: "aws-api" },
        { type: "aws:iam/role:Role", name: "aws-api-exec" },
      ],
    });
    const md = reportMarkdown("preview", await runStacks(["dev"], "preview", engine), (_stack, r) => explainReplacement(plan, r));
    expect(md).toContain(
      "- dev: **replaces** oracle: the OCI instance restarts api, worker, cache, db; data written outside persistent volumes is lost: cache (a writable root filesystem); db (a writable root filesystem)",
    );
    expect(md).toContain(
      "- dev: **replaces** aws-api: a new task definition revision: api on aws starts new tasks; every one keeps its data in persistent volumes",
    );
    expect(md).not.toContain("aws-api-exec");
    // the offline plan says it before any preview
    expect(replacementNotes(plan).join("\n")).toContain(
      "**Replacements on oracle** (OCI): any change to any container replaces the instance, so api, worker, cache, db restart together.",
    );
  });
});
