/**
 * The local stack with the real Pulumi engine, Docker, QEMU and a TLS loopback registry:
 * preview with the policy pack, up, both platforms in the pushed index, each replica reporting
 * its own arch, a no-op second up, refusals, a rolling update that never drops to zero ready
 * replicas (with a nested secret that stays encrypted), a failed update rolled back, drift
 * repaired, a killed arm64 process coming back, loopback enforced, an up killed with SIGKILL
 * recovered, and destroy-local.sh removing what it says. Run through scripts/e2e-local.sh.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runnableArches } from "../../components/image/arch-guard";
import { readImagePlatforms } from "../../components/image/read-platforms";
import { get, sleep, until } from "../helpers/http";
import { docker, failureOf, output, pulumi, pulumiOk, start } from "./pulumi-cli";

const STACK = process.env.CROSSARCH_E2E_STACK ?? "local-e2e";
/** The file backend's directory. */
const STATE = path.join((process.env.PULUMI_BACKEND_URL ?? "").replace(/^file:\/\//, ""), ".pulumi");
const LOCKS = path.join(STATE, "locks", "organization", "crossarch", STACK);
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
/** The running container of each arch. */
const containerIdsByArch = () =>
  Object.fromEntries(
    ["amd64", "arm64"].map((arch) => [
      arch,
      docker(["ps", "-q", "--no-trunc", "--filter", `label=${LABEL}`, "--filter", `label=dev.crossarch.arch=${arch}`]),
    ]),
  ) as { amd64: string; arm64: string };
/** Files of the state backend that hold `text` in plaintext. */
const grepState = (text: string) => {
  const r = spawnSync("grep", ["-rl", "--", text, STATE], { encoding: "utf8" });
  return r.stdout.split("\n").filter(Boolean);
};

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

  it("rolls a normal update one replica at a time: never zero ready replicas, old ones stopped on SIGTERM, the nested secret encrypted", async () => {
    const token = `tok-${randomBytes(12).toString("hex")}`;
    pulumiOk(["config", "set", "--secret", "--path", "crossarch:services[0].env.API_TOKEN"], 60_000, token);
    const ports = Object.values(urls()).map((u) => Number(new URL(u).port));
    const run = start(["up", "--yes", "--skip-preview"], 900_000);
    let finished = false;
    void run.done.then(() => (finished = true));
    const ready: number[] = [];
    for (let i = 0; !finished && i < 4000; i++) {
      const answers = await Promise.all(
        ports.map((p) =>
          get(p, "/readyz", 1000).then(
            (r) => r.status === 200,
            () => false,
          ),
        ),
      );
      ready.push(answers.filter(Boolean).length);
      await sleep(200);
    }
    const result = await run.done;
    expect(result.code, failureOf(result.out)).toBe(0);
    expect(ready.length).toBeGreaterThan(20);
    expect(Math.min(...ready)).toBeGreaterThanOrEqual(1); // some replica answered ready at every sample
    const state = pulumiOk(["stack", "export"]);
    const replaced: { exitCode: number; stoppedAfterMs: number }[] = JSON.parse(state)
      .deployment.resources.filter((r: { type: string }) => r.type === "pulumi-nodejs:dynamic/crossarch:LocalContainer")
      .map((r: { outputs: { replaced?: unknown } }) => r.outputs.replaced);
    expect(replaced).toHaveLength(2);
    for (const r of replaced) expect(r.exitCode).toBe(0); // exited on SIGTERM within the grace period, not killed
    const counts = [0, 1, 2].map((n) => ready.filter((x) => x === n).length);
    console.log(
      `rolling update: ${ready.length} samples; 0/1/2 replicas ready: ${counts.join("/")}; old replicas stopped in ${replaced.map((r) => r.stoppedAfterMs).join(", ")} ms`,
    );
    expect(state.includes(token)).toBe(false);
    expect(grepState(token)).toEqual([]); // nor in the backend's history and backups
  });

  it("rolls back a failed update: the old version keeps serving and up fails with the new container's log lines", async () => {
    const before = containerIdsByArch();
    pulumiOk(["config", "set", "--path", "crossarch:services[0].health.path", "/broken"]);
    try {
      const r = pulumi(["up", "--yes", "--skip-preview"], 600_000);
      expect(r.code).not.toBe(0);
      expect(r.out).toMatch(
        /update of container crossarch-e2e-api-amd64-0 \(linux\/amd64\) rolled back: the new container was removed because its health check failed \(unhealthy after \d+s\); the previous container was started again and is healthy\. Last log lines of the new container:/,
      );
      for (const url of Object.values(urls())) expect((await get(Number(new URL(url).port), "/healthz")).status).toBe(200);
      expect(containerIdsByArch()).toEqual(before); // amd64 runs its previous container again; arm64 was never touched
      pulumiOk(["refresh", "--yes", "--expect-no-changes"]);
    } finally {
      pulumiOk(["config", "set", "--path", "crossarch:services[0].health.path", "/healthz"]);
    }
    pulumiOk(["preview", "--expect-no-changes"]);
  });

  it("sees a removed key as a change", () => {
    pulumiOk(["config", "rm", "--path", "crossarch:services[0].user"]);
    try {
      const r = pulumi(["preview", "--expect-no-changes", "--diff"]);
      expect(r.code).not.toBe(0);
      expect(r.out).toMatch(/- user\s*: "10001:10001"/);
    } finally {
      pulumiOk(["config", "set", "--path", "crossarch:services[0].user", "10001:10001"]);
    }
  });

  it("names the piece that is down and the command that starts it, before registering anything", () => {
    pulumiOk(["config", "set", "--path", "crossarch:targets.local.registry.address", "registry.crossarch.test:5999"]);
    try {
      const r = pulumi(["preview"]);
      expect(r.code).not.toBe(0);
      expect(r.out).toContain("local target local cannot run on this machine; nothing was deployed:");
      expect(r.out).toMatch(
        /the loopback registry registry\.crossarch\.test:5999 does not answer \(.*\); start it with: sudo scripts\/bootstrap\.sh/,
      );
    } finally {
      pulumiOk(["config", "set", "--path", "crossarch:targets.local.registry.address", "registry.crossarch.test:5443"]);
    }
  });

  it("repairs a stopped replica and a removed one with the main command's up --refresh", async () => {
    const before = containerIdsByArch();
    docker(["stop", before.arm64]);
    docker(["rm", "-f", before.amd64]);
    pulumiOk(["up", "--yes", "--refresh", "--skip-preview", "--policy-pack", POLICY], 900_000);
    const after = containerIdsByArch();
    expect(after.amd64).not.toBe(before.amd64);
    expect(after.arm64).not.toBe(before.arm64);
    for (const url of Object.values(urls())) expect((await get(Number(new URL(url).port), "/healthz")).status).toBe(200);
    pulumiOk(["up", "--yes", "--refresh", "--expect-no-changes"], 300_000);
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

  it("keeps a port bound on 0.0.0.0 out of reach from anything but loopback", async () => {
    // like an app whose command binds every interface: one port in the stacks' range, one outside it
    // bound before the checks start: the kernel accepts while spawnSync blocks this process
    const servers = await Promise.all(
      [19095, 17995].map(
        (port) =>
          new Promise<net.Server>((resolve) => {
            const server = net.createServer((c) => c.end("hi\n"));
            server.listen(port, "0.0.0.0", () => resolve(server));
          }),
      ),
    );
    const ip = (...args: string[]) => spawnSync("ip", args, { encoding: "utf8", timeout: 10_000 });
    try {
      ip("netns", "del", "crossarch-e2e");
      ip("link", "del", "cxe2e-host");
      for (const args of [
        ["netns", "add", "crossarch-e2e"],
        ["link", "add", "cxe2e-host", "type", "veth", "peer", "name", "cxe2e-out"],
        ["link", "set", "cxe2e-out", "netns", "crossarch-e2e"],
        ["addr", "add", "169.254.77.1/30", "dev", "cxe2e-host"],
        ["link", "set", "cxe2e-host", "up"],
        ["netns", "exec", "crossarch-e2e", "ip", "addr", "add", "169.254.77.2/30", "dev", "cxe2e-out"],
        ["netns", "exec", "crossarch-e2e", "ip", "link", "set", "cxe2e-out", "up"],
      ]) {
        const r = ip(...args);
        expect(r.status, `ip ${args.join(" ")}: ${r.stderr}`).toBe(0);
      }
      const reach = (port: number) =>
        spawnSync(
          "ip",
          [
            "netns",
            "exec",
            "crossarch-e2e",
            process.execPath,
            "-e",
            `require("net").connect(${port}, "169.254.77.1", () => process.exit(0)).on("error", () => process.exit(1)); setTimeout(() => process.exit(2), 3000)`,
          ],
          { timeout: 10_000 },
        ).status;
      expect(reach(17995)).toBe(0); // the path from outside works...
      expect(reach(19095)).not.toBe(0); // ...and the stacks' range is closed on it
    } finally {
      for (const s of servers) s.close();
      ip("netns", "del", "crossarch-e2e");
      ip("link", "del", "cxe2e-host");
    }
  });

  it("recovers an up killed with SIGKILL with the documented command", async () => {
    pulumiOk(["config", "set", "--path", "crossarch:services[0].env.LOG_LEVEL", "debug"]); // an update of both replicas
    const run = start(["up", "--yes", "--skip-preview"], 600_000);
    await until(
      async () => (docker(["ps", "-a", "--filter", `label=${LABEL}`, "--format", "{{.Names}}"]).includes("-next") ? true : undefined),
      600,
      250,
    );
    run.child.kill("SIGKILL");
    await run.done;
    expect(fs.readdirSync(LOCKS)).not.toEqual([]); // what the killed CLI left
    const r = spawnSync("bash", ["scripts/recover-local.sh", STACK], { encoding: "utf8", timeout: 300_000 });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(fs.readdirSync(LOCKS)).toEqual([]);
    const state = JSON.parse(pulumiOk(["stack", "export"])) as { deployment: { pending_operations?: unknown[] } };
    expect(state.deployment.pending_operations ?? []).toEqual([]);
    expect(docker(["ps", "-a", "--filter", `label=${LABEL}`, "--format", "{{.Names}}"])).not.toContain("-next");
    pulumiOk(["up", "--yes", "--refresh", "--skip-preview"], 900_000);
    pulumiOk(["up", "--yes", "--refresh", "--expect-no-changes"], 300_000);
    expect(containerIds()).toHaveLength(2);
  });

  it("destroys with scripts/destroy-local.sh: containers, registry images, state and its history; the build cache stays", async () => {
    const r = spawnSync("bash", ["scripts/destroy-local.sh", "--stack", STACK], { encoding: "utf8", timeout: 600_000 });
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    expect(r.stdout).toContain("kept: the build cache");
    expect(containerIds()).toEqual([]);
    const auth = Buffer.from(`${registryAuth.username}:${registryAuth.password}`).toString("base64");
    const res = await fetch(`https://${process.env.CROSSARCH_REGISTRY}/v2/crossarch-e2e/app/tags/list`, {
      headers: { authorization: `Basic ${auth}` },
      signal: AbortSignal.timeout(10_000),
    });
    const tags = ((await res.json()) as { tags?: string[] }).tags ?? [];
    expect(tags.length).toBeGreaterThan(0);
    expect(tags.every((t) => t.startsWith("cache-"))).toBe(true);
    expect(fs.existsSync(path.join(STATE, "history", "crossarch", STACK))).toBe(false);
    expect(fs.existsSync(path.join(STATE, "stacks", "crossarch", `${STACK}.json`))).toBe(false);
  });
});
