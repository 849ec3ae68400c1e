/**
 * The local stack with the real Pulumi engine, Docker, QEMU and a TLS loopback registry:
 * preview with the policy pack, up, both platforms in the pushed index, each replica reporting
 * its own arch, a no-op second up, refusals, a failing health check, a killed arm64 process
 * coming back, and destroy leaving nothing. Run through scripts/e2e-local.sh.
 */
import * as fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { runnableArches } from "../../components/image/arch-guard";
import { readImagePlatforms } from "../../components/image/read-platforms";
import { get, until } from "../helpers/http";
import { docker, output, pulumi, pulumiOk } from "./pulumi-cli";

const LABEL = "dev.crossarch.app=crossarch-e2e";
const registryAuth = {
  username: process.env.CROSSARCH_REGISTRY_USER ?? "",
  password: fs.readFileSync(process.env.CROSSARCH_REGISTRY_PASSWORD_FILE ?? "/dev/null", "utf8").trim(),
};
const urls = () => output<{ local: Record<string, string> }>("urls").local;
const containerIds = () =>
  docker(["ps", "-aq", "--no-trunc", "--filter", `label=${LABEL}`])
    .split("\n")
    .filter(Boolean)
    .sort();
const POLICY = `${process.cwd()}/policy/analyzer`;

afterAll(() => {
  pulumi(["destroy", "--yes"], 300_000); // leave nothing behind, whatever failed
});

describe("local stack end to end", () => {
  it("previews cleanly under the policy pack", () => {
    const out = pulumiOk(["preview", "--policy-pack", POLICY]);
    expect(out).toMatch(/crossarch@v0\.1\.0/);
    expect(out).not.toMatch(/mandatory/);
  });

  it("deploys both arches and pushes one index with both platforms", async () => {
    pulumiOk(["up", "--yes", "--skip-preview", "--policy-pack", POLICY], 900_000);
    const ref = output<{ app: { refs: { local: string } } }>("images").app.refs.local;
    expect(ref).toMatch(/^registry\.crossarch\.test:5443\/crossarch-e2e\/app@sha256:[0-9a-f]{64}$/);
    const platforms = await readImagePlatforms(ref, { credentials: registryAuth });
    expect(runnableArches(platforms).sort()).toEqual(["amd64", "arm64"]);
  });

  it("answers on each replica with its own arch and that arch's settings", async () => {
    for (const [key, url] of Object.entries(urls())) {
      const arch = key.split("/")[1];
      const port = Number(new URL(url).port);
      const res = await until(async () => (await get(port, "/")).body as Record<string, any>, 20, 1000); // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(res.arch, key).toBe(arch);
      expect(res.uname).toBe(arch === "arm64" ? "aarch64" : "x86_64");
      expect(res.settings).toMatchObject({
        injectedArch: arch,
        memoryMiB: 256,
        cpu: 0.5,
        requestTimeoutSeconds: arch === "arm64" ? 60 : 30,
      });
    }
  });

  it("changes nothing on a second up", () => {
    const out = pulumiOk(["up", "--yes", "--expect-no-changes"], 300_000);
    expect(out).toMatch(/\d+ unchanged/);
  });

  it("refuses an amd64-only image for the arm64 replica before changing anything", () => {
    const before = containerIds();
    pulumiOk(["config", "set", "--path", "crossarch:images.app.platforms[0]", "linux/amd64"]);
    try {
      const r = pulumi(["up", "--yes", "--skip-preview"], 300_000);
      expect(r.code).not.toBe(0);
      expect(r.out).toContain(
        "crossarch:images.app.platforms: image app cannot run on target local (local Docker engine): it needs linux/arm64 but the image has linux/amd64",
      );
    } finally {
      pulumiOk(["config", "rm", "--path", "crossarch:images.app.platforms"]);
    }
    expect(containerIds()).toEqual(before);
    pulumiOk(["preview", "--expect-no-changes"]);
  });

  it("fails up when the health check fails, with the container's last log lines, and keeps state true to the engine", () => {
    pulumiOk(["config", "set", "--path", "crossarch:services[0].health.path", "/broken"]);
    try {
      const r = pulumi(["up", "--yes", "--skip-preview"], 600_000);
      expect(r.code).not.toBe(0);
      expect(r.out).toMatch(/did not become healthy within \d+s \(last state: unhealthy\); it was removed\. Last log lines:/);
      // state and engine agree: refreshing finds nothing to change, and no container leaked
      pulumiOk(["refresh", "--yes", "--expect-no-changes"]);
      expect(containerIds()).toEqual([]);
    } finally {
      pulumiOk(["config", "set", "--path", "crossarch:services[0].health.path", "/healthz"]);
    }
    pulumiOk(["up", "--yes", "--skip-preview"], 900_000);
    expect(containerIds()).toHaveLength(2);
  });

  it("brings an arm64 replica back healthy after its main process is killed", async () => {
    const id = docker(["ps", "-q", "--no-trunc", "--filter", `label=${LABEL}`, "--filter", "label=dev.crossarch.arch=arm64"]);
    const pid = Number(docker(["inspect", "-f", "{{.State.Pid}}", id]));
    expect(pid).toBeGreaterThan(1);
    process.kill(pid, "SIGKILL");
    const state = await until(
      async () => {
        const [restarts, health] = docker(["inspect", "-f", "{{.RestartCount}} {{.State.Health.Status}}", id]).split(" ");
        return Number(restarts) > 0 && health === "healthy" ? { restarts: Number(restarts), health } : undefined;
      },
      120,
      1000,
    );
    expect(state.restarts).toBeGreaterThan(0);
    const port = Number(new URL(urls()["api/arm64/0"]).port);
    expect((await get(port, "/healthz")).status).toBe(200);
  });

  it("destroys everything it deployed: containers, index tags, state (the build cache stays)", async () => {
    pulumiOk(["destroy", "--yes"], 300_000);
    expect(containerIds()).toEqual([]);
    const out = pulumiOk(["stack", "export"]);
    expect(JSON.parse(out).deployment.resources ?? []).toEqual([]);
    const auth = Buffer.from(`${registryAuth.username}:${registryAuth.password}`).toString("base64");
    const res = await fetch(`https://${process.env.CROSSARCH_REGISTRY}/v2/crossarch-e2e/app/tags/list`, {
      headers: { authorization: `Basic ${auth}` },
      signal: AbortSignal.timeout(10_000),
    });
    const tags = ((await res.json()) as { tags?: string[] }).tags ?? [];
    expect(tags.filter((t) => t.startsWith("sha-"))).toEqual([]);
    expect(tags.every((t) => t.startsWith("cache-"))).toBe(true);
  });
});
