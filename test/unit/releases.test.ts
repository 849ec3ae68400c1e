/**
 * Images as release artefacts (issue 16): release registries, variant matrices, release tags,
 * image-only stacks, a builder per arch. The config's expansion and refusals, the plan's matrix,
 * what the program registers under mocks, and the release tag's rule against a registry double.
 */
import { afterEach, describe, expect, it, vi } from "vitest";
import { ConfigError, parseStackConfig } from "../../infra/config";
import { program } from "../../infra/program";
import { releaseTagProvider } from "../../components/image/release-tag";
import { summarize } from "../../tools/summary";
import { PRICES } from "../../tools/prices";
import { plan, problemsOf, type Tree } from "../helpers/config-cases";
import { mockStack, ofType, plain, settle, isSecretInput } from "../helpers/mocks";
import { OFFLINE } from "../helpers/stacks";
import { ROOT } from "../helpers/stack-files";

/** A library team's release: one Dockerfile, two variants, GHCR and Docker Hub. */
function releaseNs(): Tree {
  return {
    app: "cachelib",
    version: "1.4.0",
    builder: { amd64: "crossarch", arm64: "graviton" },
    registries: {
      ghcr: { server: "ghcr.io", namespace: "acme", username: "acme-bot", passwordSecret: "ghcrToken" },
      dockerhub: { server: "docker.io", namespace: "acme", username: "acme", passwordSecret: "dockerhubToken" },
    },
    images: {
      cache: {
        build: { context: "app", target: "runtime", args: { BACKEND: "valkey" } },
        variants: [{ name: "valkey" }, { name: "redis", target: "worker", args: { BACKEND: "redis" } }],
        push: ["ghcr", "dockerhub"],
        tags: ["{version}", "{version}-{variant}", "latest"],
      },
    },
  };
}

const SECRETS = { "crossarch:ghcrToken": "ghcr-token-value", "crossarch:dockerhubToken": "dockerhub-token-value" };
const flat = (ns: Tree) => ({
  ...Object.fromEntries(Object.entries(ns).map(([k, v]) => [`crossarch:${k}`, typeof v === "string" ? v : JSON.stringify(v)])),
  ...SECRETS,
});

describe("a variant matrix expands into images with release tags", () => {
  it("makes <image>-<variant> images whose build merges the variant over the image", () => {
    const p = plan(releaseNs(), "release");
    expect(p.images.map((i) => i.name)).toEqual(["cache-valkey", "cache-redis"]);
    expect(p.config.images["cache-redis"].build).toMatchObject({ context: "app", target: "worker", args: { BACKEND: "redis" } });
    expect(p.config.images["cache-valkey"].build).toMatchObject({ target: "runtime", args: { BACKEND: "valkey" } });
    expect(p.deployments).toEqual([]);
  });

  it("tags the first variant with the templates without {variant}, and every variant with those with it", () => {
    const [valkey, redis] = plan(releaseNs(), "release").images;
    expect(valkey.releases.map((r) => r.registry)).toEqual(["ghcr", "dockerhub"]);
    expect(valkey.releases[0]).toEqual({
      registry: "ghcr",
      repository: "cache",
      tags: [
        { name: "1.4.0", mutable: false },
        { name: "1.4.0-valkey", mutable: false },
        { name: "latest", mutable: true },
      ],
    });
    expect(redis.releases[1].tags).toEqual([{ name: "1.4.0-redis", mutable: false }]);
  });

  it("shows the expanded matrix in the plan", () => {
    const text = summarize(plan(releaseNs(), "release"), PRICES);
    expect(text).toContain("An image-only stack");
    expect(text).toContain("**Images** (2 after variants are expanded; version 1.4.0)");
    expect(text).toContain(
      "| cache-redis | redis | app stage worker (BACKEND=redis) | linux/amd64, linux/arm64 | ghcr: ghcr.io/acme/cache<br>dockerhub: docker.io/acme/cache | `1.4.0-redis` |",
    );
    expect(text).toContain("`1.4.0`, `1.4.0-valkey`, `latest` (mutable)");
  });
});

describe("release config is refused by key", () => {
  it.each<[string, (ns: Tree) => void, string]>([
    [
      "a push to an undeclared registry",
      (ns) => (ns.images.cache.push = ["quay"]),
      `crossarch:images.cache.push[0]: "quay" is not declared in crossarch:registries; declared: ghcr, dockerhub`,
    ],
    ["tags without push", (ns) => delete ns.images.cache.push, "crossarch:images.cache.tags: has no effect without push"],
    ["{version} without a version", (ns) => delete ns.version, "crossarch:images.cache.tags: use {version}: set crossarch:version"],
    [
      "an unknown placeholder",
      (ns) => (ns.images.cache.tags = ["{release}"]),
      "crossarch:images.cache.tags[0]: may use only {version} and {variant}",
    ],
    [
      "{variant} on an image without variants",
      (ns) => delete ns.images.cache.variants,
      "crossarch:images.cache.tags: {variant} needs variants: this image has none",
    ],
    [
      "more variants than the cap",
      (ns) => (ns.images.cache.variants = Array.from({ length: 17 }, (_, i) => ({ name: `v${i}` }))),
      "crossarch:images.cache.variants: at most 16 variants per image",
    ],
    [
      "a variant name twice",
      (ns) => (ns.images.cache.variants[1].name = "valkey"),
      `crossarch:images.cache.variants[1].name: "valkey" is already the name of variants[0]`,
    ],
    [
      "variants of an external ref",
      (ns) => (ns.images.cache = { ref: "ghcr.io/acme/x:1", variants: [{ name: "a" }] }),
      "crossarch:images.cache.variants: needs build",
    ],
    [
      "a registry no image pushes to",
      (ns) => (ns.registries.quay = { server: "quay.io" }),
      "crossarch:registries.quay: has no effect: no image pushes to it",
    ],
    [
      "a login without its password",
      (ns) => delete ns.registries.ghcr.passwordSecret,
      "crossarch:registries.ghcr: give both username and passwordSecret, or neither",
    ],
    [
      "a server with a scheme",
      (ns) => (ns.registries.ghcr.server = "https://ghcr.io"),
      "crossarch:registries.ghcr.server: must be a registry host",
    ],
    [
      "an image used by no service and pushed nowhere",
      (ns) => (ns.images.spare = { build: { context: "app" } }),
      "crossarch:images.spare: is used by no service and pushed nowhere",
    ],
    [
      "a stack with nothing to do",
      (ns) => {
        delete ns.images.cache.push;
        delete ns.images.cache.tags;
      },
      "crossarch:services: declare at least one service, or push an image",
    ],
    [
      "a version nothing reads",
      (ns) => {
        delete ns.images.cache.push;
        delete ns.images.cache.tags;
      },
      "crossarch:version: has no effect: no image is pushed",
    ],
    ["a builder for an unknown arch", (ns) => (ns.builder = { riscv64: "x" }), `crossarch:builder: unknown key "riscv64"`],
    ["a version that is no tag", (ns) => (ns.version = "1.4.0+build"), "crossarch:version: must be a tag-safe version"],
  ])("%s", (_what, breakIt, expected) => {
    const ns = releaseNs();
    breakIt(ns);
    expect(problemsOf(ns, "release").join("\n")).toContain(expected);
  });

  it("refuses a registry password set in plain text, and one naming a setting of crossarch", () => {
    const ns = releaseNs();
    const ctx = { project: "crossarch", stack: "release", hostCpus: 2, projectRoot: ROOT };
    const keys = Object.keys(flat(ns));
    expect(() => parseStackConfig(ns, { ...ctx, setKeys: keys, secretKeys: ["crossarch:dockerhubToken"] })).toThrow(
      "crossarch:registries.ghcr.passwordSecret: names crossarch:ghcrToken, which is set in plain text",
    );
    ns.registries.ghcr.passwordSecret = "version";
    expect(problemsOf(ns, "release").join("\n")).toContain(
      "crossarch:registries.ghcr.passwordSecret: names crossarch:version, a setting of crossarch, not a secret",
    );
  });
});

describe("the program publishes an image-only stack", () => {
  it("builds each variant per arch on that arch's builder, and tags each index in each release registry", async () => {
    const recorded = await mockStack("release", flat(releaseNs()), false, Object.keys(SECRETS));
    const out = await program(OFFLINE);
    await settle();
    const builds = ofType(recorded, "docker-build:index:Image");
    expect(builds.map((b) => b.name).sort()).toEqual([
      "cache-redis-amd64",
      "cache-redis-arm64",
      "cache-valkey-amd64",
      "cache-valkey-arm64",
    ]);
    const redisArm = builds.find((b) => b.name === "cache-redis-arm64");
    expect(redisArm?.inputs.builder).toEqual({ name: "graviton" });
    expect(builds.find((b) => b.name === "cache-redis-amd64")?.inputs.builder).toEqual({ name: "crossarch" });
    expect(redisArm?.inputs.target).toBe("worker");
    // variants share the release repository; the tag tells them apart
    expect(redisArm?.inputs.exports[0].registry.names).toEqual(["ghcr.io/acme/cache", "docker.io/acme/cache"]);
    // each variant keeps its own layer cache in the shared repository, no repository of its own
    expect(redisArm?.inputs.cacheFrom).toEqual([{ registry: { ref: "ghcr.io/acme/cache:cache-cache-redis-arm64" } }]);
    expect(
      ofType(recorded, "docker-build:index:Index")
        .map((i) => i.name)
        .sort(),
    ).toEqual(["cache-redis-dockerhub", "cache-redis-ghcr", "cache-valkey-dockerhub", "cache-valkey-ghcr"]);
    const tags = ofType(recorded, "pulumi-nodejs:dynamic/crossarch:ReleaseTag");
    expect(
      tags.map((t) => `${t.inputs.registry}/${t.inputs.repository}:${t.inputs.tag}${t.inputs.mutable ? " (mutable)" : ""}`).sort(),
    ).toEqual([
      "docker.io/acme/cache:1.4.0",
      "docker.io/acme/cache:1.4.0-redis",
      "docker.io/acme/cache:1.4.0-valkey",
      "docker.io/acme/cache:latest (mutable)",
      "ghcr.io/acme/cache:1.4.0",
      "ghcr.io/acme/cache:1.4.0-redis",
      "ghcr.io/acme/cache:1.4.0-valkey",
      "ghcr.io/acme/cache:latest (mutable)",
    ]);
    // the logins stay secrets, into the builds and the tags
    for (const t of tags) expect(isSecretInput(t.inputs.credentials), t.name).toBe(true);
    expect(plain(tags.find((t) => t.inputs.registry === "ghcr.io")?.inputs.credentials)).toEqual({
      username: "acme-bot",
      password: "ghcr-token-value",
    });
    expect(Object.keys(out.releases).sort()).toEqual(["cache-redis", "cache-valkey"]);
    expect(Object.keys(out.releases["cache-valkey"]).sort()).toEqual(["dockerhub", "ghcr"]);
  });
});

/** A registry double that stores manifests by tag and digest, and counts pushes. */
function registryDouble() {
  const manifests = new Map<string, { body: string; type: string }>();
  const puts: string[] = [];
  const fetch = vi.fn(async (url: string, init: { method?: string; headers: Record<string, string>; body?: string }) => {
    const ref = decodeURIComponent(url.split("/manifests/")[1] ?? "");
    if (init.method === "PUT") {
      manifests.set(ref, { body: init.body ?? "", type: init.headers["content-type"] });
      puts.push(ref);
      return { status: 201, headers: { get: () => null }, text: async () => "" };
    }
    const found = manifests.get(ref);
    return found
      ? { status: 200, headers: { get: (n: string) => (n === "content-type" ? found.type : null) }, text: async () => found.body }
      : { status: 404, headers: { get: () => null }, text: async () => "" };
  });
  const add = async (manifestDigests: string[]) => {
    const body = JSON.stringify({
      mediaType: "application/vnd.oci.image.index.v1+json",
      manifests: manifestDigests.map((d, i) => ({ digest: d, platform: { os: "linux", architecture: ["amd64", "arm64"][i] } })),
    });
    const { createHash } = await import("node:crypto");
    const digest = `sha256:${createHash("sha256").update(body).digest("hex")}`;
    manifests.set(digest, { body, type: "application/vnd.oci.image.index.v1+json" });
    return digest;
  };
  return { fetch, add, puts, manifests };
}

describe("a release tag", () => {
  afterEach(() => vi.unstubAllGlobals());
  const spec = (digest: string, mutable = false) => ({ registry: "ghcr.io", repository: "acme/cache", tag: "1.4.0", digest, mutable });

  it("puts the index's exact manifest under the tag, and says so as repository:tag@digest", async () => {
    const reg = registryDouble();
    vi.stubGlobal("fetch", reg.fetch);
    const digest = await reg.add(["sha256:a1", "sha256:a2"]);
    const { outs } = await releaseTagProvider.create!(spec(digest));
    expect(outs.ref).toBe(`ghcr.io/acme/cache:1.4.0@${digest}`);
    expect(reg.manifests.get("1.4.0")?.body).toBe(reg.manifests.get(digest)?.body);
  });

  it("refuses to move an immutable tag to other content, and leaves it", async () => {
    const reg = registryDouble();
    vi.stubGlobal("fetch", reg.fetch);
    const first = await reg.add(["sha256:a1", "sha256:a2"]);
    await releaseTagProvider.create!(spec(first));
    const second = await reg.add(["sha256:b1", "sha256:b2"]);
    await expect(releaseTagProvider.create!(spec(second))).rejects.toThrow(
      `ghcr.io/acme/cache:1.4.0 already names ${first}, other content than this build (${second}); a release tag is immutable`,
    );
    expect(reg.manifests.get("1.4.0")?.body).toBe(reg.manifests.get(first)?.body);
  });

  it("moves a mutable tag, and takes the same content again without a push", async () => {
    const reg = registryDouble();
    vi.stubGlobal("fetch", reg.fetch);
    const first = await reg.add(["sha256:a1", "sha256:a2"]);
    await releaseTagProvider.create!(spec(first, true));
    await releaseTagProvider.create!(spec(first, false));
    expect(reg.puts).toEqual(["1.4.0"]);
    const second = await reg.add(["sha256:b1", "sha256:b2"]);
    await releaseTagProvider.update!("id", { ...spec(first, true), ref: "" }, spec(second, true));
    expect(reg.manifests.get("1.4.0")?.body).toBe(reg.manifests.get(second)?.body);
  });
});

describe("image-only stacks are refused as a whole where they must be", () => {
  it("throws a ConfigError, not another error, for a broken release", () => {
    const ns = releaseNs();
    ns.images.cache.push = ["nowhere"];
    expect(() => plan(ns, "release")).toThrow(ConfigError);
  });
});

describe("the README's release example", () => {
  it("plans as documented: two variants, two registries, the tags it names", async () => {
    const fs = await import("node:fs");
    const os = await import("node:os");
    const path = await import("node:path");
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Publishing releases"));
    const yamlBlock = /```yaml\n([\s\S]*?)```/.exec(section)?.[1] ?? "";
    // a user's project: its Pulumi.yaml and a Dockerfile at the root (`context: .`)
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crossarch-release-"));
    fs.copyFileSync(path.join(ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, "Dockerfile"), "FROM scratch AS valkey\nFROM scratch AS redis\n");
    fs.writeFileSync(path.join(dir, "Pulumi.release.yaml"), yamlBlock);
    const { planOffline } = await import("../../tools/offline-plan");
    const p = planOffline("release", { root: dir });
    expect(p.images.map((i) => i.name)).toEqual(["cache-valkey", "cache-redis"]);
    expect(p.images[0].releases.map((r) => r.registry)).toEqual(["ghcr", "dockerhub"]);
    expect(p.images[0].releases[0].tags.map((t) => t.name)).toEqual(["v1.4.0", "v1.4.0-valkey", "latest"]);
    expect(p.images[1].releases[0].tags.map((t) => t.name)).toEqual(["v1.4.0-redis"]);
    expect(p.config.builder).toEqual({ amd64: "default-builder", arm64: "graviton-builder" });
  });
});
