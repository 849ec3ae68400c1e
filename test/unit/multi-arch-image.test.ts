import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { contentTag, MultiArchImage } from "../../components/image/multi-arch-image";
import { LocalRegistry } from "../../components/local/registry";
import type { ImageRegistry } from "../../components/image/login";
import { isSecretInput, mockStack, ofType, one, plain, settle, valueOf } from "../helpers/mocks";

const IMAGE = "docker-build:index:Image";
const INDEX = "docker-build:index:Index";

/** A cloud-like registry double with its own host and a secret login. */
function registry(host: string, cacheSuffix = ""): ImageRegistry {
  return {
    kind: "ecr",
    insecure: false,
    server: pulumi.output(host),
    repositoryFor: (image) => pulumi.output(`${host}/shop/${image}`),
    cacheRepositoryFor: (image) => pulumi.output(`${host}/shop/${image}${cacheSuffix}`),
    login: pulumi.secret({ address: host, username: "u", password: `${host}-password` }),
  };
}

describe("MultiArchImage", () => {
  it("builds once per platform and pushes by digest to every registry", async () => {
    const recorded = await mockStack("dev", {});
    new MultiArchImage("app", {
      image: "app",
      context: "app",
      target: "runtime",
      buildArgs: { BASE_IMAGE: "base:1" },
      destinations: [
        { name: "aws", registry: registry("ecr.example") },
        { name: "oracle", registry: registry("fra.ocir.io", "-cache") },
      ],
    });
    await settle();
    const builds = ofType(recorded, IMAGE);
    expect(builds.map((b) => [b.name, b.inputs.platforms])).toEqual([
      ["app-amd64", ["linux/amd64"]],
      ["app-arm64", ["linux/arm64"]],
    ]);
    const arm = one(recorded, IMAGE, "app-arm64").inputs;
    expect(arm.target).toBe("runtime");
    expect(arm.buildArgs).toEqual({ BASE_IMAGE: "base:1" });
    expect(arm.context).toEqual({ location: "app" });
    expect(arm.dockerfile).toEqual({ location: "app/Dockerfile" });
    expect(arm.push).toBe(false);
    expect(arm.exports).toEqual([
      { registry: { names: ["ecr.example/shop/app", "fra.ocir.io/shop/app"], pushByDigest: true, ociMediaTypes: true } },
    ]);
    // each platform has its own cache, in the first registry
    expect(arm.cacheFrom).toEqual([{ registry: { ref: "ecr.example/shop/app:cache-arm64" } }]);
    expect(arm.cacheTo).toEqual([
      { registry: { ref: "ecr.example/shop/app:cache-arm64", mode: "max", imageManifest: true, ociMediaTypes: true, ignoreError: true } },
    ]);
    expect(one(recorded, IMAGE, "app-amd64").inputs.cacheFrom).toEqual([{ registry: { ref: "ecr.example/shop/app:cache-amd64" } }]);
  });

  it("joins the platforms into one index per registry, tagged by content and pinned by digest", async () => {
    const recorded = await mockStack("dev", {});
    const image = new MultiArchImage("app", {
      image: "app",
      context: "app",
      destinations: [
        { name: "aws", registry: registry("ecr.example") },
        { name: "oracle", registry: registry("fra.ocir.io") },
      ],
    });
    const [awsRef, tag] = await Promise.all([valueOf(image.refs.aws), valueOf(image.tag)]);
    await settle();
    const digest = (name: string) => one(recorded, IMAGE, name).outputs.digest as string;
    const expectedTag = contentTag([digest("app-amd64"), digest("app-arm64")]);
    expect(tag).toBe(expectedTag);
    expect(tag).toMatch(/^sha-[0-9a-f]{20}$/);
    const index = one(recorded, INDEX, "app-aws").inputs;
    expect(index.tag).toBe(`ecr.example/shop/app:${expectedTag}`);
    expect(index.sources).toEqual([`ecr.example/shop/app@${digest("app-amd64")}`, `ecr.example/shop/app@${digest("app-arm64")}`]);
    expect(index.push).toBe(true);
    expect(one(recorded, INDEX, "app-oracle").inputs.tag).toBe(`fra.ocir.io/shop/app:${expectedTag}`);
    expect(awsRef).toBe(`ecr.example/shop/app@${(one(recorded, INDEX, "app-aws").outputs.ref as string).split("@")[1]}`);
    expect(image.platforms).toEqual(["linux/amd64", "linux/arm64"]);
  });

  it("keeps registry passwords secret in every build and index", async () => {
    const recorded = await mockStack("dev", {});
    new MultiArchImage("app", { image: "app", context: "app", destinations: [{ name: "aws", registry: registry("ecr.example") }] });
    await settle();
    for (const b of ofType(recorded, IMAGE)) {
      expect(isSecretInput(b.inputs.registries), b.name).toBe(true);
      expect(plain(b.inputs.registries)).toEqual([{ address: "ecr.example", username: "u", password: "ecr.example-password" }]);
    }
    const index = one(recorded, INDEX, "app-aws").inputs;
    expect(isSecretInput(index.registry)).toBe(true);
  });

  it("builds variants of one Dockerfile as separate images with their own targets and caches", async () => {
    const recorded = await mockStack("dev", {});
    const reg = new LocalRegistry("local", { address: "127.0.0.1:5000", namespace: "shop" });
    new MultiArchImage("app", { image: "app", context: "app", target: "runtime", destinations: [{ name: "local", registry: reg }] });
    new MultiArchImage("worker", {
      image: "worker",
      context: "app",
      target: "worker",
      platforms: ["arm64"],
      destinations: [{ name: "local", registry: reg }],
    });
    await settle();
    const worker = one(recorded, IMAGE, "worker-arm64").inputs;
    expect(worker.target).toBe("worker");
    expect(worker.dockerfile).toEqual({ location: "app/Dockerfile" });
    expect(worker.cacheFrom).toEqual([{ registry: { ref: "127.0.0.1:5000/shop/worker:cache-arm64" } }]);
    expect(worker.exports[0].registry.insecure).toBe(true); // loopback registry speaks HTTP
    expect(ofType(recorded, IMAGE).map((r) => r.name)).toEqual(["app-amd64", "app-arm64", "worker-arm64"]);
  });

  it("gives inputs that do not depend on the machine or the checkout, so nothing rebuilds when nothing changed", async () => {
    const run = async () => {
      const recorded = await mockStack("dev", {});
      new MultiArchImage("app", { image: "app", context: "app", destinations: [{ name: "aws", registry: registry("ecr.example") }] });
      await settle();
      return JSON.stringify(ofType(recorded, IMAGE).map((r) => r.inputs));
    };
    const first = await run();
    const cwd = process.cwd();
    const umask = process.umask(0o002);
    try {
      process.chdir("/tmp");
      expect(await run()).toBe(first);
    } finally {
      process.chdir(cwd);
      process.umask(umask);
    }
    expect(first).not.toContain(cwd);
    expect(first).not.toMatch(/"\/(work|home|tmp|root)\//);
    expect(contentTag(["sha256:a", "sha256:b"])).toBe(contentTag(["sha256:a", "sha256:b"]));
    expect(contentTag(["sha256:a", "sha256:b"])).not.toBe(contentTag(["sha256:a", "sha256:c"]));
  });

  it.each([
    [{ context: "/work/main/app" }, "context", "must be a path relative to the project root"],
    [{ dockerfile: "/abs/Dockerfile" }, "dockerfile", "must be a path relative to the project root"],
    [{ platforms: [] }, "platforms", "is empty; allowed: amd64, arm64"],
    [{ platforms: ["arm64", "arm64"] }, "platforms", "lists an arch twice"],
    [{ platforms: ["riscv64"] }, "platforms[0]", '"riscv64" is not an arch'],
    [{ image: "App" }, "image", "is not a repository name"],
    [{ destinations: [] }, "destinations", "give at least one registry"],
    [{ buildArgs: { "BAD-ARG": "x" } }, 'buildArgs["BAD-ARG"]', "is not a build-arg name"],
  ])("refuses %j before building anything", async (bad, propertyPath, reason) => {
    const recorded = await mockStack("dev", {});
    const args = { image: "app", context: "app", destinations: [{ name: "aws", registry: registry("ecr.example") }], ...bad };
    let error: unknown;
    try {
      new MultiArchImage("app", args as never);
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertyError.isInstance(error), String(error)).toBe(true);
    expect((error as pulumi.InputPropertyError).propertyPath).toBe(propertyPath);
    expect((error as pulumi.InputPropertyError).reason).toContain(reason);
    await settle();
    expect(ofType(recorded, IMAGE)).toEqual([]);
  });
});
