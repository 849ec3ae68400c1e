/**
 * A compose project imported and deployed as it comes out: `npm run import -- compose` turned
 * test/fixtures/compose/sample-app/docker-compose.yml into the stack compose-e2e
 * (scripts/e2e-local.sh), its one secret set with `pulumi config set --secret` as the import
 * said. Here the real engine deploys it on both arches, the migration runs before api, and a
 * request through web reaches api and store, as `docker compose up` wires them.
 */
import { afterAll, describe, expect, it } from "vitest";
import { get, until } from "../helpers/http";
import { docker, stackCli } from "./pulumi-cli";

const STACK = process.env.CROSSARCH_COMPOSE_STACK ?? "compose-e2e";
const cli = stackCli(STACK, process.env.CROSSARCH_COMPOSE_CONFIG ?? "");
const POLICY = `${process.cwd()}/policy/analyzer`;

type Hop = { service: string; arch: string; hits?: number; next?: Hop };

afterAll(() => {
  cli.pulumi(["destroy", "--yes"], 300_000);
});

describe("an imported compose project on the local target", () => {
  it("deploys all four services on both arches under the policy pack", () => {
    const out = cli.pulumiOk(["up", "--yes", "--skip-preview", "--policy-pack", POLICY], 1_200_000);
    expect(out).not.toMatch(/\[mandatory\]/);
    expect(Object.keys(cli.output<{ local: Record<string, string> }>("urls").local).sort()).toEqual(["web/amd64/0", "web/arm64/0"]);
    const running = docker(["ps", "--format", "{{.Names}}", "--filter", "label=dev.crossarch.app=crossarch-compose"]).split("\n").sort();
    expect(running).toEqual([
      "crossarch-compose-api-amd64-0",
      "crossarch-compose-api-arm64-0",
      "crossarch-compose-store-amd64-0",
      "crossarch-compose-store-arm64-0",
      "crossarch-compose-web-amd64-0",
      "crossarch-compose-web-arm64-0",
    ]);
  });

  it("ran the migration (depends_on: service_completed_successfully) to exit 0 before api started", () => {
    type Res = { type: string; urn: string; outputs: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
    const resources = (JSON.parse(cli.pulumiOk(["stack", "export"], 60_000)) as { deployment: { resources: Res[] } }).deployment.resources;
    for (const arch of ["amd64", "arm64"]) {
      const job = resources.find((r) => r.type.endsWith("crossarch:LocalJob") && r.urn.endsWith(`::local-migrate-${arch}`));
      expect(job?.outputs.attempts, arch).toBe(1);
      const [api] = JSON.parse(docker(["inspect", `crossarch-compose-api-${arch}-0`])) as { State: { StartedAt: string } }[];
      expect(Date.parse(api.State.StartedAt)).toBeGreaterThan(Date.parse(job?.outputs.finishedAt));
    }
  });

  it("answers through web -> api -> store on each arch, the store counting on its volume", async () => {
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
});
