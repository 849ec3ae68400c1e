import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { STACKS } from "../../stacks/catalogue";
import { planOffline } from "../../tools/offline-plan";
import { loadStack, SECRET_PLACEHOLDER, StackFileError } from "../../stacks/stack-file";

/** A scratch project with this Pulumi.yaml config block and stack files. */
function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crossarch-stackfile-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const PULUMI_YAML = `name: demo
runtime: nodejs
config:
  demo:builder:
    type: string
    default: ""
  app:
    type: string
    default: demo-app
  aws:region: us-east-1
  demo:noDefault:
    type: string
`;
/** The same project without the key every stack must set. */
const OPTIONAL_ONLY = PULUMI_YAML.replace("  demo:noDefault:\n    type: string\n", "");

describe("every shipped stack, read as the CLI reads it", () => {
  it.each(STACKS.map((s) => s.name))("%s: project defaults first, the stack file over them, and a plan", (stack) => {
    const loaded = loadStack(stack);
    expect(loaded.project).toBe("crossarch");
    expect(loaded.config["crossarch:builder"]).toBe(stack === "local" ? "crossarch" : undefined); // Pulumi.yaml declares no default
    expect(loaded.config["crossarch:app"]).toBe(stack === "local" ? "crossarch" : "shop");
    expect(planOffline(stack).deployments.length).toBeGreaterThan(0);
  });
});

describe("the stack file reader", () => {
  it("applies Pulumi.yaml defaults and values, qualified by namespace, and lets the stack file win", () => {
    const root = project({
      "Pulumi.yaml": PULUMI_YAML,
      "Pulumi.s.yaml": "config:\n  demo:app: mine\n  demo:noDefault: set\n  demo:services: [{ name: a }]\n",
    });
    const { config } = loadStack("s", { root });
    expect(config).toEqual({
      "demo:builder": "",
      "demo:app": "mine",
      "aws:region": "us-east-1",
      "demo:noDefault": "set",
      "demo:services": '[{"name":"a"}]',
    });
  });

  it("refuses, as the CLI does, a stack that does not set a key Pulumi.yaml declares with no default", () => {
    const root = project({ "Pulumi.yaml": PULUMI_YAML, "Pulumi.s.yaml": "config:\n  demo:app: mine\n" });
    expect(() => loadStack("s", { root })).toThrow(
      /Pulumi\.s\.yaml: Stack 's' is missing configuration value 'demo:noDefault' \(Pulumi\.yaml declares it with no default\)/,
    );
  });

  it("masks secure values, at the top or nested under a --path, and lists their keys", () => {
    const root = project({
      "Pulumi.yaml": OPTIONAL_ONLY,
      "Pulumi.s.yaml":
        "config:\n  demo:token:\n    secure: v1:abc\n  demo:services:\n    - name: a\n      env:\n        PASSWORD:\n          secure: v1:def\n",
    });
    const loaded = loadStack("s", { root });
    expect(loaded.secretKeys.sort()).toEqual(["demo:services", "demo:token"]);
    expect(loaded.config["demo:token"]).toBe(SECRET_PLACEHOLDER);
    expect(JSON.parse(loaded.config["demo:services"])).toEqual([{ name: "a", env: { PASSWORD: SECRET_PLACEHOLDER } }]);
    expect(JSON.stringify(loaded)).not.toMatch(/v1:/);
  });

  it("reads an empty stack file as no config, and --config-file in place of Pulumi.<stack>.yaml", () => {
    const root = project({ "Pulumi.yaml": OPTIONAL_ONLY, "Pulumi.s.yaml": "", "copy.yaml": "config:\n  demo:app: copied\n" });
    expect(loadStack("s", { root }).config["demo:app"]).toBe("demo-app");
    expect(loadStack("s", { root, configFile: path.join(root, "copy.yaml") }).config["demo:app"]).toBe("copied");
  });

  it("names the file and line of a YAML error, and the stacks there are for a missing one", () => {
    const root = project({ "Pulumi.yaml": PULUMI_YAML, "Pulumi.s.yaml": "config:\n  demo:app: a\n  demo:app: b\n" });
    expect(() => loadStack("s", { root })).toThrow(StackFileError);
    expect(() => loadStack("s", { root })).toThrow(/Pulumi\.s\.yaml:3:\d+: .*unique/i);
    expect(() => loadStack("nope", { root })).toThrow(/Pulumi\.nope\.yaml: no such stack file; stack files here: s/);
  });
});
