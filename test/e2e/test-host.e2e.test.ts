/**
 * The second machine the hosts target is tested against (scripts/test-host.sh): a network
 * namespace with its own veth address, root filesystem, sshd and dockerd, reachable only over
 * SSH with a pinned host key. Proves what later host tests rely on: the key is pinned, the
 * engine is its own, services on a network of their own reach each other by name, restart
 * policies bring them back when its dockerd restarts, it reaches nothing of this machine, and
 * `down` leaves nothing behind. Run through scripts/e2e-test-host.sh.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HostKeyMismatchError, readMachine } from "../../components/host/ssh";

const ROOT = path.resolve(__dirname, "../..");
const NAME = "e2eth";
const DOCKER = "/usr/bin/docker"; // Debian's client (BuildKit built in), as the bootstrap uses
const IMAGE = `${process.env.CROSSARCH_REGISTRY ?? "registry.crossarch.test:5443"}/crossarch/node-base:bookworm`;
let host: Record<string, string> = {};

/** Run a command, bounded in time; its exit code and output. */
function run(cmd: string, args: string[], input?: string | Buffer, timeoutMs = 120_000): { code: number; out: string } {
  const r = spawnSync(cmd, args, { input, timeout: timeoutMs, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status ?? -1, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

/** `ssh` to the test host with the pinned host key (or another known_hosts file). */
function ssh(command: string, knownHosts = host.TEST_HOST_KNOWN_HOSTS, timeoutMs = 60_000) {
  const opts = ["-i", host.TEST_HOST_KEY, "-o", `UserKnownHostsFile=${knownHosts}`, "-o", "StrictHostKeyChecking=yes"];
  return run(
    "ssh",
    [...opts, "-o", "BatchMode=yes", "-o", "ConnectTimeout=5", `root@${host.TEST_HOST_ADDRESS}`, command],
    undefined,
    timeoutMs,
  );
}

/** Poll `check` every 500 ms until it holds, at most `tries` times. */
async function until(check: () => boolean, tries: number): Promise<boolean> {
  for (let i = 0; i < tries; i++) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return false;
}

beforeAll(() => {
  run("bash", [path.join(ROOT, "scripts/test-host.sh"), "down", NAME]); // whatever an earlier run left
  const up = run("bash", [path.join(ROOT, "scripts/test-host.sh"), "up", NAME, "71"], undefined, 300_000);
  if (up.code !== 0) throw new Error(`scripts/test-host.sh up failed:\n${up.out}`);
  host = Object.fromEntries(
    up.out
      .split("\n")
      .filter((l) => l.startsWith("TEST_HOST_"))
      .map((l) => [l.slice(0, l.indexOf("=")), l.slice(l.indexOf("=") + 1).replace(/\\ /g, " ")]),
  );
});

afterAll(() => {
  run("bash", [path.join(ROOT, "scripts/test-host.sh"), "down", NAME]);
});

describe("the test host: a second machine reachable only over SSH", () => {
  it("is reached with its pinned host key and refused under another", () => {
    expect(host.TEST_HOST_ADDRESS).toBe("198.18.71.2");
    expect(ssh("hostname")).toEqual({ code: 0, out: `${NAME}\n` });
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "test-host-"));
    run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(other, "key")]);
    const wrong = path.join(other, "known_hosts");
    fs.writeFileSync(
      wrong,
      `${host.TEST_HOST_ADDRESS} ${fs.readFileSync(path.join(other, "key.pub"), "utf8").split(" ").slice(0, 2).join(" ")}\n`,
    );
    const refused = ssh("hostname", wrong);
    expect(refused.code).not.toBe(0);
    expect(refused.out).toMatch(/REMOTE HOST IDENTIFICATION HAS CHANGED|Host key verification failed/);
    fs.rmSync(other, { recursive: true, force: true });
  });

  it("is read over SSH by crossarch's own client before any change: arch, cores, memory, Docker; a changed host key named and refused", async () => {
    const login = {
      address: host.TEST_HOST_ADDRESS,
      user: "root",
      privateKey: fs.readFileSync(host.TEST_HOST_KEY, "utf8"),
      hostKey: host.TEST_HOST_HOST_KEY,
    };
    const facts = await readMachine(login);
    expect(facts).toEqual({
      arch: "amd64",
      machineArch: "x86_64",
      cpus: os.cpus().length,
      memoryMiB: expect.any(Number),
      dockerVersion: expect.stringMatching(/^20\.10\./),
    });
    expect(facts.memoryMiB).toBeGreaterThan(512);
    const other = fs.mkdtempSync(path.join(os.tmpdir(), "test-host-"));
    run("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", path.join(other, "key")]);
    const wrongKey = fs.readFileSync(path.join(other, "key.pub"), "utf8").split(" ").slice(0, 2).join(" ");
    fs.rmSync(other, { recursive: true, force: true });
    const refused = await readMachine({ ...login, hostKey: wrongKey }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(HostKeyMismatchError);
    expect((refused as HostKeyMismatchError).presented).toBe(host.TEST_HOST_HOST_KEY);
    expect((refused as Error).message).toContain(`${host.TEST_HOST_ADDRESS} presented the host key ${host.TEST_HOST_HOST_KEY}`);
  });

  it("runs a Docker engine of its own, in a root of its own", () => {
    const theirs = ssh("docker info --format '{{.ID}} {{.DockerRootDir}} {{.Containers}}'");
    const ours = run(DOCKER, ["info", "--format", "{{.ID}}"]);
    expect(theirs.code).toBe(0);
    const [id, root, containers] = theirs.out.trim().split(" ");
    expect(id).not.toBe(ours.out.trim());
    expect([root, containers]).toEqual(["/var/lib/docker", "0"]);
    // this machine's files are not there: the old root was detached after pivot_root
    expect(ssh(`test -e ${ROOT}/package.json && echo visible || echo absent`).out.trim()).toBe("absent");
  });

  it("runs services that reach each other by name on a network of their own", () => {
    expect(run(DOCKER, ["pull", "--platform", "linux/amd64", IMAGE]).code).toBe(0);
    const saved = spawnSync(DOCKER, ["save", IMAGE], { timeout: 120_000, maxBuffer: 1024 * 1024 * 1024 });
    expect(saved.status).toBe(0);
    const loaded = run(
      "ssh",
      [
        "-i",
        host.TEST_HOST_KEY,
        "-o",
        `UserKnownHostsFile=${host.TEST_HOST_KNOWN_HOSTS}`,
        "-o",
        "BatchMode=yes",
        `root@${host.TEST_HOST_ADDRESS}`,
        "docker load",
      ],
      saved.stdout,
      180_000,
    );
    expect(loaded.out).toMatch(/Loaded image/);
    const server = `require('http').createServer((q, s) => s.end('pong from ' + require('os').hostname())).listen(8080)`;
    expect(
      ssh(
        `docker network create sys >/dev/null && docker run -d --name db --hostname db --network sys --network-alias db --restart unless-stopped ${IMAGE} node -e "${server}"`,
      ).code,
    ).toBe(0);
    const client = `fetch('http://db:8080').then((r) => r.text()).then(console.log, (e) => console.log('failed: ' + e.message))`;
    const answer = ssh(
      `for i in 1 2 3 4 5 6 7 8 9 10; do out=$(docker run --rm --network sys ${IMAGE} node -e "${client}"); case "$out" in pong*) echo "$out"; exit 0;; esac; sleep 0.5; done; echo "$out"`,
    );
    expect(answer.out.trim()).toBe("pong from db");
  });

  it("brings a service with a restart policy back after its dockerd restarts (its containers get their 10 s to stop)", async () => {
    const before = ssh("docker inspect -f '{{.State.StartedAt}}' db").out.trim();
    expect(
      ssh(
        "kill -TERM $(cat /var/run/docker.pid) && for i in $(seq 1 120); do [ -e /var/run/docker.pid ] || exit 0; sleep 0.25; done; exit 1",
      ).code,
    ).toBe(0);
    expect(
      ssh(
        "setsid /usr/sbin/dockerd --iptables=false --bridge=none -H unix:///run/docker.sock >>/var/log/dockerd.log 2>&1 < /dev/null & echo started",
      ).out,
    ).toContain("started");
    const back = await until(() => {
      const state = ssh("docker inspect -f '{{.State.Running}} {{.State.StartedAt}}' db").out.trim().split(" ");
      return state[0] === "true" && state[1] !== before;
    }, 60);
    expect(back).toBe(true);
  });

  it("reaches nothing of this machine: only its own veth route, its own loopback", () => {
    // no default route: its veth's /30 and the bridges of its own Docker networks, nothing else
    const routes = ssh("ip -4 route").out.trim().split("\n");
    expect(routes.filter((r) => r.startsWith("default"))).toEqual([]);
    expect(routes.filter((r) => !/ dev br-[0-9a-f]+ /.test(r))).toEqual([expect.stringMatching(/^198\.18\.71\.0\/30 dev xan-e2eth /)]);
    // this machine's loopback registry is not its loopback
    expect(ssh("timeout 2 bash -c '</dev/tcp/127.0.0.1/5443' 2>/dev/null && echo open || echo closed").out.trim()).toBe("closed");
  });

  it("leaves nothing behind when it goes down", () => {
    expect(run("bash", [path.join(ROOT, "scripts/test-host.sh"), "down", NAME]).code).toBe(0);
    expect(run("ip", ["netns", "list"]).out).not.toContain(`xah-${NAME}`);
    expect(run("ip", ["link", "show", `xah-${NAME}`]).code).not.toBe(0);
    expect(ssh("true", host.TEST_HOST_KNOWN_HOSTS, 15_000).code).not.toBe(0);
  });
});
