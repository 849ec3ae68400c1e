import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { archGuard, assertImageRunsOn, runnableArches } from "../../components/image/arch-guard";
import { digestOf, parseImageRef } from "../../components/image/image-ref";
import { readImagePlatforms } from "../../components/image/read-platforms";
import type { FetchLike } from "../../components/image/registry-client";
import { ConfigError } from "../../infra/config";
import { program } from "../../infra/program";
import { mockStack } from "../helpers/mocks";
import { fakeDigest, OFFLINE, runnableConfig } from "../helpers/stacks";

describe("arch guard", () => {
  it("accepts an image that has the target's platform", () => {
    expect(
      archGuard({ image: "app", target: "aws", arch: "arm64", platforms: ["linux/amd64", "linux/arm64/v8", "unknown/unknown"] }),
    ).toEqual([]);
  });

  it("ignores BuildKit attestation entries", () => {
    expect(runnableArches(["linux/amd64", "unknown/unknown", "unknown/unknown"])).toEqual(["amd64"]);
    const [p] = archGuard({ image: "app", target: "aws (AWS Fargate)", arch: "arm64", platforms: ["linux/amd64", "unknown/unknown"] });
    expect(p).toEqual({
      path: ["image"],
      message:
        "image app cannot run on target aws (AWS Fargate): it needs linux/arm64 but the image has linux/amd64, unknown/unknown (ignored)",
    });
  });

  it("refuses an arm64-only image on Container Apps and says so with InputPropertyError", () => {
    let error: unknown;
    try {
      assertImageRunsOn({ image: "repo/app@sha256:abc", target: "azure", arch: "amd64", platforms: ["linux/arm64"] });
    } catch (e) {
      error = e;
    }
    expect(pulumi.InputPropertyError.isInstance(error)).toBe(true);
    expect((error as pulumi.InputPropertyError).propertyPath).toBe("image");
    expect((error as pulumi.InputPropertyError).reason).toContain("it needs linux/amd64 but the image has linux/arm64");
    expect(archGuard({ image: "x", target: "t", arch: "amd64", platforms: [] })[0].message).toContain("the image has none");
  });
});

describe("image references", () => {
  it("parses like Docker", () => {
    expect(parseImageRef("postgres:16")).toEqual({ registry: "docker.io", repository: "library/postgres", tag: "16" });
    expect(parseImageRef("127.0.0.1:5000/shop/app@sha256:" + "a".repeat(64))).toEqual({
      registry: "127.0.0.1:5000",
      repository: "shop/app",
      digest: "sha256:" + "a".repeat(64),
    });
    expect(parseImageRef("valkey/valkey:8")).toMatchObject({ registry: "docker.io", repository: "valkey/valkey" });
    expect(parseImageRef("Bad Ref")).toBeUndefined();
    expect(digestOf("repo:tag@sha256:" + "b".repeat(64))).toBe("sha256:" + "b".repeat(64));
    expect(digestOf("repo:tag")).toBeUndefined();
  });
});

/** A registry double answering the distribution API from a table of path -> [status, body, headers]. */
function fakeRegistry(routes: Record<string, [number, unknown, Record<string, string>?]>) {
  const calls: { url: string; headers: Record<string, string> }[] = [];
  const fetch: FetchLike = async (url, init) => {
    calls.push({ url, headers: init.headers });
    const [status, body, headers] = routes[`${url} ${init.headers.authorization ?? ""}`.trim()] ?? routes[url] ?? [404, {}];
    return { status, headers: { get: (n: string) => headers?.[n] ?? null }, text: async () => JSON.stringify(body) };
  };
  return { fetch, calls };
}

const INDEX = {
  mediaType: "application/vnd.oci.image.index.v1+json",
  manifests: [
    { digest: "sha256:1", platform: { os: "linux", architecture: "amd64" } },
    { digest: "sha256:2", platform: { os: "linux", architecture: "arm64", variant: "v8" } },
    {
      digest: "sha256:3",
      platform: { os: "unknown", architecture: "unknown" },
      annotations: { "vnd.docker.reference.type": "attestation-manifest" },
    },
  ],
};

describe("reading an image's platforms from its registry", () => {
  it("reads an index over plain HTTP on loopback, attestations included", async () => {
    const { fetch, calls } = fakeRegistry({ "http://127.0.0.1:5000/v2/shop/app/manifests/v1": [200, INDEX] });
    expect(await readImagePlatforms("127.0.0.1:5000/shop/app:v1", { fetch })).toEqual(["linux/amd64", "linux/arm64/v8", "unknown/unknown"]);
    expect(calls[0].headers.accept).toContain("application/vnd.oci.image.index.v1+json");
  });

  it("follows a Bearer challenge to the token service (Docker Hub)", async () => {
    const manifest = "https://registry-1.docker.io/v2/library/postgres/manifests/16";
    const { fetch, calls } = fakeRegistry({
      [manifest]: [
        401,
        {},
        {
          "www-authenticate":
            'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/postgres:pull"',
        },
      ],
      "https://auth.docker.io/token?service=registry.docker.io&scope=repository%3Alibrary%2Fpostgres%3Apull": [200, { token: "t0k" }],
      [`${manifest} Bearer t0k`]: [200, INDEX],
    });
    expect(runnableArches(await readImagePlatforms("postgres:16", { fetch }))).toEqual(["amd64", "arm64"]);
    expect(calls.map((c) => c.url)).toHaveLength(3);
  });

  it("reads a single-platform image's arch from its config blob", async () => {
    const { fetch } = fakeRegistry({
      "https://ghcr.io/v2/acme/tool/manifests/1.0": [
        200,
        { mediaType: "application/vnd.oci.image.manifest.v1+json", config: { digest: "sha256:cfg" } },
      ],
      "https://ghcr.io/v2/acme/tool/blobs/sha256:cfg": [200, { os: "linux", architecture: "amd64" }],
    });
    expect(await readImagePlatforms("ghcr.io/acme/tool:1.0", { fetch })).toEqual(["linux/amd64"]);
  });

  it("says which URL failed", async () => {
    const { fetch } = fakeRegistry({});
    await expect(readImagePlatforms("ghcr.io/acme/none:1", { fetch })).rejects.toThrow(
      "cannot read the platforms of image ghcr.io/acme/none:1: ghcr.io/acme/none has no manifest 1",
    );
  });
});

describe("the program refuses wrong-arch images before registering anything", () => {
  it("a built image whose declared platforms miss a target's arch", async () => {
    const config = runnableConfig("dev");
    const images = JSON.parse(config["crossarch:images"]);
    images.app.platforms = ["linux/amd64"];
    const recorded = await mockStack("dev", { ...config, "crossarch:images": JSON.stringify(images) });
    const run = program(OFFLINE);
    await expect(run).rejects.toBeInstanceOf(ConfigError);
    await expect(run).rejects.toThrow(
      "crossarch:images.app.platforms: image app cannot run on target aws (AWS Fargate): it needs linux/arm64 but the image has linux/amd64 (used by service api)",
    );
    expect(recorded).toEqual([]);
  });

  it("an external image whose index, read from the registry, lacks the arch", async () => {
    const config = runnableConfig("dev");
    const images = JSON.parse(config["crossarch:images"]);
    delete images.valkey.platforms;
    const recorded = await mockStack("dev", { ...config, "crossarch:images": JSON.stringify(images) });
    const reads: string[] = [];
    const readImage = async (ref: string) => {
      reads.push(ref);
      return ref.includes("valkey")
        ? {
            digest: fakeDigest(ref),
            platforms: [
              { platform: "linux/amd64", digest: "sha256:1" },
              { platform: "unknown/unknown", digest: "sha256:2" },
            ],
          }
        : OFFLINE.readImage(ref);
    };
    await expect(program({ ...OFFLINE, readImage })).rejects.toThrow(
      "crossarch:images.valkey.ref: image valkey (docker.io/valkey/valkey:8-bookworm) cannot run on target oracle (OCI Container Instance): it needs linux/arm64 but the image has linux/amd64, unknown/unknown (ignored)",
    );
    expect(reads.sort()).toEqual(["docker.io/library/postgres:16-bookworm", "docker.io/valkey/valkey:8-bookworm"]);
    expect(recorded).toEqual([]);
  });

  it("an external image whose registry cannot be read, by key, with what to do", async () => {
    const config = runnableConfig("dev");
    const recorded = await mockStack("dev", config);
    const readImage = async (ref: string) => {
      if (ref.includes("postgres")) throw new TypeError(`cannot read ${ref}: no route to host`);
      return OFFLINE.readImage(ref);
    };
    await expect(program({ ...OFFLINE, readImage })).rejects.toThrow(
      "crossarch:images.postgres.ref: cannot read docker.io/library/postgres:16-bookworm: no route to host; pin it with @sha256:<digest> (on a machine that cannot reach the registry, name a mirror in CROSSARCH_REGISTRY_MIRROR)",
    );
    expect(recorded).toEqual([]);
  });
});
