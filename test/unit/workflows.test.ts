import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const workflow = (name: string) => parse(fs.readFileSync(path.join(__dirname, "../../.github/workflows", name), "utf8"));
const runs = (job: { steps: { run?: string; uses?: string }[] }) => job.steps.map((s) => s.run ?? s.uses ?? "").join("\n");

describe("pipelines", () => {
  it("on pull requests: tests, multi-arch image builds, and a policy-checked preview commented on the PR", () => {
    const pr = workflow("pull-request.yml");
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    expect(runs(pr.jobs.test)).toContain("npm test");
    const images = pr.jobs.images.steps.find((s: { uses?: string }) => s.uses?.startsWith("docker/build-push-action"));
    expect(images.with.platforms).toBe("linux/amd64,linux/arm64");
    expect(runs(pr.jobs.images)).toContain("docker/setup-qemu-action");
    expect(runs(pr.jobs.preview)).toContain("npm run --silent stacks -- preview dev");
    expect(runs(pr.jobs.preview)).toContain("actions/github-script");
    expect(pr.permissions["pull-requests"]).toBe("write");
  });

  it("on main: updates in order behind an environment gate", () => {
    const main = workflow("main.yml");
    expect(main.on.push.branches).toEqual(["main"]);
    expect(main.jobs.up.environment).toBe("production");
    expect(main.concurrency["cancel-in-progress"]).toBe(false);
    expect(runs(main.jobs.up)).toContain("npm run --silent stacks -- up dev");
  });
});
