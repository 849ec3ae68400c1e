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
