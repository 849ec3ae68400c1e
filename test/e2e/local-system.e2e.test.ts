/**
 * A system, not one service, on the local target with the real engine: web -> api -> store
 * (test/e2e/system.stack.yaml) on both arches. A request through web proves the chain, each
 * hop reached by the address its connection injected; the store password, set with
 * `pulumi config set --secret`, is in no exported state and in no container's inspect output
 * but the env of the two containers that use it. Run through scripts/e2e-local.sh.
 */
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
});
