import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { STACKS } from "../../stacks/catalogue";

const ROOT = path.join(__dirname, "../..");
const workflow = (name: string) => parse(fs.readFileSync(path.join(ROOT, ".github/workflows", name), "utf8"));
interface Step {
  run?: string;
  uses?: string;
  if?: string;
  id?: string;
  with?: Record<string, string>;
}
const runs = (job: { steps: Step[] }) => job.steps.map((s) => s.run ?? s.uses ?? "").join("\n");
/** The stacks a `npm run --silent stacks -- <operation> a b` line names. */
const stacksNamed = (job: { steps: Step[] }, operation: string): string[] => {
  const m = new RegExp(`npm run --silent stacks -- ${operation}((?: [a-z0-9-]+)+)`).exec(runs(job));
  return m ? m[1].trim().split(" ") : [];
};
const cloudStacks = STACKS.filter((s) => s.needsCloud).map((s) => s.name);

describe("the stack catalogue and the pipelines agree", () => {
  it("lists every stack file of the project, and every stack in it has one", () => {
    const files = fs.readdirSync(ROOT).flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? []);
    expect(files.sort()).toEqual(STACKS.map((s) => s.name).sort());
  });

  it("previews every cloud stack of the catalogue on pull requests, and no other", () => {
    expect(stacksNamed(workflow("pull-request.yml").jobs.preview, "preview").sort()).toEqual([...cloudStacks].sort());
  });
});

describe("pipelines", () => {
  it("on pull requests: tests, multi-arch image builds, and a policy-checked preview commented once", () => {
    const pr = workflow("pull-request.yml");
    expect(Object.keys(pr.on)).toEqual(["pull_request"]);
    expect(runs(pr.jobs.test)).toContain("npm test");
    const images = pr.jobs.images.steps.find((s: Step) => s.uses?.startsWith("docker/build-push-action"));
    expect(images.with.platforms).toBe("linux/amd64,linux/arm64");
    expect(runs(pr.jobs.images)).toContain("docker/setup-qemu-action");
    const preview = pr.jobs.preview;
    expect(runs(preview)).toMatch(/pulumi\/actions@v\d+/);
    expect(runs(preview)).toContain("actions/github-script");
    expect(preview.permissions["pull-requests"]).toBe("write");
    // a failed stack (a mandatory policy violation fails the preview) fails the check
    const fail = preview.steps.find((s: Step) => s.if === "steps.preview.outputs.status != '0'");
    expect(fail.run).toBe("exit 1");
  });

  it("gets every cloud credential through OIDC, never from long-lived keys", () => {
    for (const [file, job] of [
      ["pull-request.yml", "preview"],
      ["main.yml", "up"],
    ]) {
      const j = workflow(file).jobs[job];
      expect(j.permissions["id-token"], file).toBe("write");
      expect(runs(j), file).toContain("./.github/actions/cloud-login");
      expect(JSON.stringify(j), file).not.toMatch(/AWS_SECRET_ACCESS_KEY|ARM_CLIENT_SECRET|PULUMI_ACCESS_TOKEN|OCI_CLI_KEY_CONTENT/);
    }
    const login = parse(fs.readFileSync(path.join(ROOT, ".github/actions/cloud-login/action.yml"), "utf8"));
    const uses = login.runs.steps.map((s: Step) => s.uses);
    expect(uses).toEqual(expect.arrayContaining(["pulumi/auth-actions@v1", "aws-actions/configure-aws-credentials@v4"]));
    expect(login.runs.steps.at(-1).with.script).toContain('ARM_USE_OIDC: "true"');
    expect(login.runs.steps.at(-1).with.script).toContain('OCI_AUTH: "WorkloadIdentityFederation"');
  });

  it("on main: updates in order behind an environment gate", () => {
    const main = workflow("main.yml");
    expect(main.on.push.branches).toEqual(["main"]);
    expect(main.jobs.up.environment).toBe("production");
    expect(main.concurrency["cancel-in-progress"]).toBe(false);
    expect(stacksNamed(main.jobs.up, "up")).toEqual(["dev"]);
  });
});
