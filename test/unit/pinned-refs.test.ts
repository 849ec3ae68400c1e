/**
 * External refs pinned at preview (issue 16): a ref given by tag runs the digest its registry
 * names for the tag when the program runs, so a new push of the tag upstream is a diff; the
 * registry is read as the Docker client would (its config's login, a mirror where one is named).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { dockerConfigCredentials, mirrored, parseMirrors } from "../../components/image/registry-auth";
import { program } from "../../infra/program";
import { mockStack, one, settle } from "../helpers/mocks";
import { fakeDigest, OFFLINE, runnableConfig } from "../helpers/stacks";

/** The db task definition's image when the registry names `digest` for postgres's tag. */
async function dbImageWhen(digest: string): Promise<string> {
  const recorded = await mockStack("dev", runnableConfig("dev"));
  const readImage = async (ref: string) =>
    ref.includes("postgres") ? { ...(await OFFLINE.readImage(ref)), digest } : OFFLINE.readImage(ref);
  await program({ ...OFFLINE, readImage });
  await settle();
  const task = one(recorded, "aws:ecs/taskDefinition:TaskDefinition", "aws-db");
  return JSON.parse(task.outputs.containerDefinitions)[0].image;
}

describe("an external ref given by tag", () => {
  it("runs the digest the tag names at preview; a new push of the tag upstream changes what is deployed", async () => {
    const before = await dbImageWhen(fakeDigest("postgres build 1"));
    const after = await dbImageWhen(fakeDigest("postgres build 2"));
    expect(before).toBe(`docker.io/library/postgres@${fakeDigest("postgres build 1")}`);
    expect(after).toBe(`docker.io/library/postgres@${fakeDigest("postgres build 2")}`);
  });

  it("keeps a ref pinned in config as it is, and reads it only when its platforms are not declared", async () => {
    const config = runnableConfig("dev");
    const images = JSON.parse(config["crossarch:images"]);
    images.postgres.ref = `docker.io/library/postgres:16-bookworm@${fakeDigest("pinned")}`;
    const recorded = await mockStack("dev", { ...config, "crossarch:images": JSON.stringify(images) });
    const reads: string[] = [];
    await program({ ...OFFLINE, readImage: async (ref) => (reads.push(ref), OFFLINE.readImage(ref)) });
    await settle();
    expect(reads).toEqual(["docker.io/valkey/valkey:8-bookworm"]);
    const task = one(recorded, "aws:ecs/taskDefinition:TaskDefinition", "aws-db");
    expect(JSON.parse(task.outputs.containerDefinitions)[0].image).toBe(images.postgres.ref);
  });
});

describe("reading a registry as the Docker client does", () => {
  it("maps a registry to its mirror, keeping repository, tag and digest", () => {
    const mirrors = parseMirrors("docker.io=registry.crossarch.test:5443/mirror, quay.io=cache.example");
    expect(mirrored("docker.io/library/postgres:16-bookworm", mirrors)).toBe(
      "registry.crossarch.test:5443/mirror/library/postgres:16-bookworm",
    );
    expect(mirrored("postgres:16", mirrors)).toBe("registry.crossarch.test:5443/mirror/library/postgres:16");
    expect(mirrored(`quay.io/a/b@${fakeDigest("x")}`, mirrors)).toBe(`cache.example/a/b@${fakeDigest("x")}`);
    expect(mirrored("ghcr.io/a/b:1", mirrors)).toBe("ghcr.io/a/b:1");
    expect(() => parseMirrors("docker.io=https://mirror")).toThrow(
      'CROSSARCH_REGISTRY_MIRROR: "docker.io=https://mirror" is not <registry>=<mirror host>',
    );
  });

  it("takes the login `docker login` wrote for the host, and none where there is none", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crossarch-docker-config-"));
    const auth = Buffer.from("bot:s3cr:et").toString("base64");
    fs.writeFileSync(
      path.join(dir, "config.json"),
      JSON.stringify({ auths: { "ghcr.io": { auth }, "https://index.docker.io/v1/": { username: "hub", password: "tok" } } }),
    );
    const env = { DOCKER_CONFIG: dir };
    expect(dockerConfigCredentials("ghcr.io", env)).toEqual({ username: "bot", password: "s3cr:et" });
    expect(dockerConfigCredentials("docker.io", env)).toEqual({ username: "hub", password: "tok" });
    expect(dockerConfigCredentials("quay.io", env)).toBeUndefined();
    expect(dockerConfigCredentials("ghcr.io", { DOCKER_CONFIG: path.join(dir, "none") })).toBeUndefined();
  });
});
