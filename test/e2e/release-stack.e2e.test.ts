/**
 * An image-only (release) stack through the real engine (test/e2e/release.stack.yaml): two
 * variants x two arches built by BuildKit and published to the bootstrap's release registry,
 * which needs a login of its own (the password a Pulumi secret). Checks every release tag's
 * index in the registry itself, that a second build of the same version with other content is
 * refused and leaves the tag as it was, and that destroy leaves the published release in place.
 * Run through scripts/e2e-local.sh.
 */
import * as fs from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readImageIndex } from "../../components/image/read-platforms";
import { planOffline } from "../../tools/offline-plan";
import { summarize } from "../../tools/summary";
import { PRICES } from "../../tools/prices";
import { stackCli } from "./pulumi-cli";

const STACK = process.env.CROSSARCH_RELEASE_STACK ?? "release-e2e";
const CONFIG = process.env.CROSSARCH_RELEASE_CONFIG ?? "";
const REGISTRY = process.env.CROSSARCH_RELEASE_REGISTRY ?? "registry.crossarch.test:5444";
const PASSWORD_FILE = process.env.CROSSARCH_RELEASE_REGISTRY_PASSWORD_FILE ?? "";
const cli = stackCli(STACK, CONFIG);
// release tags are immutable: every run publishes a version of its own
const version = `0.1.${Date.now()}`;
const credentials = { username: "release", password: fs.readFileSync(PASSWORD_FILE, "utf8").trim() };
const read = (tag: string) => readImageIndex(`${REGISTRY}/crossarch/tool:${tag}`, { credentials });
const archsOf = (index: { platforms: { platform: string }[] }) =>
  index.platforms
    .map((p) => p.platform)
    .filter((p) => p !== "unknown/unknown")
    .sort();

type Releases = Record<string, Record<string, { index: string; tags: Record<string, string>; platforms: Record<string, string> }>>;

beforeAll(() => {
  cli.pulumi(["destroy", "--yes"], 300_000); // whatever an earlier run left
  cli.pulumiOk(["config", "set", "crossarch:version", version]);
});

afterAll(() => {
  cli.pulumi(["config", "rm", "--path", "crossarch:images.tool.build.args.REVISION"]);
  cli.pulumi(["destroy", "--yes"], 300_000);
});

describe("an image-only stack publishes a release to a registry with a login", () => {
  it("plans the expanded variant matrix with its tags", () => {
    const summary = summarize(planOffline(STACK, { configFile: CONFIG }), PRICES);
    expect(summary).toContain("An image-only stack");
    expect(summary).toMatch(
      new RegExp(`\\| tool-slim \\| slim \\| test/e2e/release stage slim .*\\| \`${version}\`, \`${version}-slim\` \\|`),
    );
    expect(summary).toMatch(new RegExp(`\\| tool-full \\| full \\| test/e2e/release stage full .*\\| \`${version}-full\` \\|`));
  });

  it("builds both variants for both arches and pushes each release tag", () => {
    cli.pulumiOk(["up", "--yes", "--skip-preview"], 900_000);
    const releases = cli.output<Releases>("releases");
    expect(Object.keys(releases).sort()).toEqual(["tool-full", "tool-slim"]);
    expect(Object.keys(releases["tool-slim"].release.tags).sort()).toEqual([version, `${version}-slim`]);
    expect(Object.keys(releases["tool-full"].release.tags)).toEqual([`${version}-full`]);
    expect(Object.keys(releases["tool-slim"].release.platforms).sort()).toEqual(["linux/amd64", "linux/arm64"]);
  });

  it("holds both platforms in every tag's index, in the registry itself", async () => {
    const releases = cli.output<Releases>("releases");
    for (const [image, tag] of [
      ["tool-slim", version],
      ["tool-slim", `${version}-slim`],
      ["tool-full", `${version}-full`],
    ] as const) {
      const index = await read(tag);
      expect(archsOf(index), tag).toEqual(["linux/amd64", "linux/arm64"]);
      expect(releases[image].release.tags[tag]).toBe(`${REGISTRY}/crossarch/tool:${tag}@${index.digest}`);
      // each platform entry is the manifest the build pushed for that arch
      for (const p of index.platforms.filter((x) => x.platform !== "unknown/unknown"))
        expect(p.digest).toBe(releases[image].release.platforms[p.platform]);
    }
    expect((await read(version)).digest).toBe((await read(`${version}-slim`)).digest);
    expect((await read(`${version}-full`)).digest).not.toBe((await read(version)).digest);
  });

  it("keeps the registry password out of the state and changes nothing on a second up", () => {
    const state = cli.pulumiOk(["stack", "export"], 60_000);
    expect(state.includes(credentials.password)).toBe(false);
    expect(state).toMatch(/"ciphertext"/);
    cli.pulumiOk(["up", "--yes", "--expect-no-changes"], 600_000);
  });

  it("refuses to move an immutable release tag to other content, and the tag keeps its digest", async () => {
    const before = (await read(version)).digest;
    cli.pulumiOk(["config", "set", "--path", "crossarch:images.tool.build.args.REVISION", "r2"]);
    const r = cli.pulumi(["up", "--yes", "--skip-preview"], 900_000);
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(new RegExp(`${REGISTRY}/crossarch/tool:${version.replaceAll(".", "\\.")}\\S* already names sha256:`));
    expect(r.out).toContain("a release tag is immutable: raise crossarch:version");
    expect((await read(version)).digest).toBe(before);
  });

  it("leaves the published release in place on destroy", async () => {
    const before = (await read(version)).digest;
    cli.pulumiOk(["config", "rm", "--path", "crossarch:images.tool.build.args.REVISION"]);
    cli.pulumiOk(["destroy", "--yes"], 300_000);
    expect((await read(version)).digest).toBe(before);
    expect(archsOf(await read(`${version}-full`))).toEqual(["linux/amd64", "linux/arm64"]);
  });
});
