/**
 * A system, not one service, on the local target with the real engine: web -> api -> store
 * (test/e2e/system.stack.yaml) on both arches. A request through web proves the chain, each
 * hop reached by the address its connection injected; the store password, set with
 * `pulumi config set --secret`, is in no exported state and in no container's inspect output
 * but the env of the two containers that use it. Run through scripts/e2e-local.sh.
 */
import * as fs from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { get, until } from "../helpers/http";
import { docker, stackCli } from "./pulumi-cli";

const STACK = process.env.CROSSARCH_SYSTEM_STACK ?? "local-system-e2e";
const cli = stackCli(STACK, process.env.CROSSARCH_SYSTEM_CONFIG ?? "");
const PASSWORD = process.env.CROSSARCH_SYSTEM_PASSWORD ?? "";
const POLICY = `${process.cwd()}/policy/analyzer`;
const LABEL = "dev.crossarch.app=crossarch-system";

type Hop = { service: string; arch: string; hits?: number; next?: Hop };

afterAll(() => {
  cli.pulumi(["destroy", "--yes"], 300_000);
});

describe("a three-service system on the local target", () => {
  it("deploys web, api and store on both arches, each after the services it connects to", () => {
    expect(PASSWORD.length).toBeGreaterThanOrEqual(16);
    const out = cli.pulumiOk(["up", "--yes", "--skip-preview", "--policy-pack", POLICY], 1_200_000);
    expect(out).not.toMatch(/\[mandatory\]/);
    // only the public service is a URL; every replica is an endpoint
    expect(Object.keys(cli.output<{ local: Record<string, string> }>("urls").local).sort()).toEqual(["web/amd64/0", "web/arm64/0"]);
    const endpoints = cli.output<{ local: Record<string, string> }>("endpoints").local;
    expect(endpoints["store/arm64/0"]).toMatch(/^tcp:\/\/127\.0\.0\.1:\d+$/);
    expect(endpoints["api/amd64/0"]).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it("ran the migration to exit 0 before api started, on each arch", () => {
    type Res = { type: string; urn: string; outputs: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const resources = (JSON.parse(cli.pulumiOk(["stack", "export"], 60_000)) as { deployment: { resources: Res[] } }).deployment.resources;
    for (const arch of ["amd64", "arm64"]) {
      const job = resources.find((r) => r.type.endsWith("crossarch:LocalJob") && r.urn.endsWith(`::local-migrate-${arch}`));
      expect(job?.outputs.attempts, arch).toBe(1);
      const [api] = JSON.parse(docker(["inspect", `crossarch-system-api-${arch}-0`])) as { State: { StartedAt: string } }[];
      expect(Date.parse(api.State.StartedAt)).toBeGreaterThan(Date.parse(job?.outputs.finishedAt));
      // the job's container is gone once it succeeded
      expect(docker(["ps", "-aq", "--filter", `name=^crossarch-system-migrate-${arch}$`])).toBe("");
    }
  });

  it("registers the nightly job with the schedule given: a cron entry that starts its container", () => {
    for (const arch of ["amd64", "arm64"]) {
      const entry = fs.readFileSync(`/etc/cron.d/crossarch-crossarch-system-nightly-${arch}`, "utf8");
      expect(entry).toMatch(
        new RegExp(`^30 2 \\* \\* \\* root .*timeout --kill-after=10 600 /usr/bin/docker start -a crossarch-system-nightly-${arch}`, "m"),
      );
      expect(docker(["inspect", "-f", "{{.State.Status}}", `crossarch-system-nightly-${arch}`])).toBe("created");
    }
  });

  it("fails up with a failing job's log lines, and leaves api as it was", () => {
    const before = docker(["ps", "-q", "--no-trunc", "--filter", `label=${LABEL}`, "--filter", "label=dev.crossarch.service=api"]);
    cli.pulumiOk(["config", "set", "--path", "crossarch:services[3].env.MIGRATE_FAIL", "on-purpose"]);
    let r: { code: number; out: string };
    try {
      r = cli.pulumi(["up", "--yes", "--skip-preview"], 900_000);
    } finally {
      cli.pulumiOk(["config", "rm", "--path", "crossarch:services[3].env.MIGRATE_FAIL"]);
    }
    expect(r.code).not.toBe(0);
    expect(r.out).toMatch(/job crossarch-system-migrate-(amd64|arm64) \(linux\/(amd64|arm64)\) failed: exited 1 \(attempt 2 of 2\)/);
    expect(r.out).toContain("migration failed on purpose (MIGRATE_FAIL=on-purpose)");
    expect(docker(["ps", "-q", "--no-trunc", "--filter", `label=${LABEL}`, "--filter", "label=dev.crossarch.service=api"])).toBe(before);
    cli.pulumiOk(["up", "--yes", "--skip-preview"], 900_000); // the job passes again, and nothing else changes
  });

  it("answers a request through web with every hop on the same arch, the store counting", async () => {
    const urls = cli.output<{ local: Record<string, string> }>("urls").local;
    for (const arch of ["amd64", "arm64"]) {
      const port = Number(new URL(urls[`web/${arch}/0`]).port);
      const chain = async () => {
        const r = await get(port, "/chain", 15_000);
        return r.status === 200 ? (r.body as Hop) : undefined;
      };
      const first = await until(chain, 20, 1000);
      expect([first.service, first.next?.service, first.next?.next?.service]).toEqual(["web", "api", "store"]);
      expect([first.arch, first.next?.arch, first.next?.next?.arch]).toEqual([arch, arch, arch]);
      const second = await chain();
      expect(second?.next?.next?.hits).toBe((first.next?.next?.hits ?? 0) + 1);
    }
  });

  it("keeps the store's data on its volume when a change replaces its containers", async () => {
    const port = Number(new URL(cli.output<{ local: Record<string, string> }>("urls").local["web/amd64/0"]).port);
    const hits = async () => ((await get(port, "/chain", 15_000)).body as Hop).next?.next?.hits ?? -1;
    const before = await hits();
    const ids = () =>
      docker(["ps", "-q", "--no-trunc", "--filter", `label=${LABEL}`, "--filter", "label=dev.crossarch.service=store"])
        .split("\n")
        .sort();
    const oldIds = ids();
    const others = () =>
      docker(["ps", "-q", "--no-trunc", "--filter", `label=${LABEL}`])
        .split("\n")
        .filter((id) => !oldIds.includes(id))
        .sort();
    const othersBefore = others();
    cli.pulumiOk(["config", "set", "--path", "crossarch:services[2].env.STORE_NOTE", "replaced"]);
    let up: string;
    try {
      up = cli.pulumiOk(["up", "--yes", "--skip-preview"], 900_000);
    } finally {
      cli.pulumiOk(["config", "rm", "--path", "crossarch:services[2].env.STORE_NOTE"]);
    }
    expect(ids().some((id) => oldIds.includes(id))).toBe(false); // new containers
    // a change to one service of three touches that service only: web's and api's containers stay
    expect(others().filter((id) => !ids().includes(id))).toEqual(othersBefore);
    expect(up).not.toMatch(/local-(web|api)-(amd64|arm64)-0 +(replaced|updated|created)/);
    const after = await until(async () => ((await hits()) > 0 ? hits() : undefined), 20, 1000);
    expect(after).toBeGreaterThan(before); // the count went on from the volume, not from zero
  });

  it("keeps the store password out of the state and out of every container but its own env", () => {
    const state = cli.pulumiOk(["stack", "export"], 60_000);
    expect(state.includes(PASSWORD)).toBe(false);
    const ids = docker(["ps", "-q", "--no-trunc", "--filter", `label=${LABEL}`])
      .split("\n")
      .filter(Boolean);
    expect(ids).toHaveLength(6);
    const holders: string[] = [];
    for (const id of ids) {
      const [inspect] = JSON.parse(docker(["inspect", id])) as { Name: string; Config: { Env: string[] } }[];
      const env = inspect.Config.Env;
      if (env.includes(`STORE_PASSWORD=${PASSWORD}`)) holders.push(inspect.Name.replace(/^\//, "").replace(/-(amd64|arm64)-0$/, ""));
      const rest = JSON.stringify({ ...inspect, Config: { ...inspect.Config, Env: [] } });
      expect(rest.includes(PASSWORD), inspect.Name).toBe(false);
    }
    expect(holders.sort()).toEqual(["crossarch-system-api", "crossarch-system-api", "crossarch-system-store", "crossarch-system-store"]);
  });

  it("keeps the persistent volumes through a destroy with the default settings", () => {
    cli.pulumiOk(["destroy", "--yes"], 600_000);
    const volumes = docker(["volume", "ls", "-q", "--filter", `label=${LABEL}`])
      .split("\n")
      .filter(Boolean)
      .sort();
    expect(volumes).toEqual(["crossarch-system-store-data-amd64", "crossarch-system-store-data-arm64"]);
    expect(docker(["ps", "-aq", "--filter", `label=${LABEL}`])).toBe("");
    expect(fs.existsSync("/etc/cron.d/crossarch-crossarch-system-nightly-amd64")).toBe(false); // the schedule went with it
    docker(["volume", "rm", ...volumes]); // what the README says to run to really delete the data
  });
});
