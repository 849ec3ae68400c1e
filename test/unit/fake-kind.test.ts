/**
 * Adding a target kind is a folder and a line (issue 26): a kind that crossarch does not ship,
 * from its fixture module alone (test/fixtures/kinds/edge.ts), registered with `registerKind`,
 * is read by the schema, the checks, the plan, the summary, the costs and the program, with no
 * edit anywhere else.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerKind, targetKinds, unregisterKind } from "../../components/kinds";
import { program } from "../../infra/program";
import { estimateCosts } from "../../tools/costs";
import { shippedPrices } from "../../tools/prices";
import { summarize } from "../../tools/summary";
import { edgeKind } from "../fixtures/kinds/edge";
import { plan, problemsOf, type Tree } from "../helpers/config-cases";
import { mockStack, ofType, settle, valueOf } from "../helpers/mocks";
import { OFFLINE } from "../helpers/stacks";

const REF = `registry.example/api@sha256:${"e".repeat(64)}`;

/** A stack with one Edge Run target and one public service on it. */
function edgeStack(): Tree {
  return {
    app: "edgy",
    images: { api: { ref: REF, platforms: ["linux/arm64"] } },
    targets: { edge: { kind: "edge", zone: "eu1", budget: { cpu: 4, memory: "4Gi" } } },
    services: [{ name: "api", image: "api", port: 8080, public: true, size: { cpu: 2, memory: "2Gi" }, health: { path: "/healthz" } }],
  };
}

beforeAll(() => registerKind(edgeKind));
afterAll(() => unregisterKind("edge"));

describe("a kind registered from its module alone", () => {
  it("is listed, and refused twice", () => {
    expect(targetKinds().map((k) => k.kind)).toContain("edge");
    expect(() => registerKind(edgeKind)).toThrow(/registered already/);
  });

  it("the schema takes its own fragment and refuses what it does not have", () => {
    expect(plan(edgeStack()).config.targets.edge).toEqual({ kind: "edge", zone: "eu1", budget: { cpu: 4, memory: 4096 } });
    const bad = edgeStack();
    bad.targets.edge.zone = "EU";
    bad.targets.edge.region = "x";
    expect(problemsOf(bad)).toEqual([
      'crossarch:targets.edge.zone: must be an Edge Run zone such as eu1; given "EU"',
      'crossarch:targets.edge: unknown key "region"; allowed: kind, zone, budget',
    ]);
    const unknown = edgeStack();
    unknown.targets.edge.kind = "edgy";
    expect(problemsOf(unknown)[0]).toMatch(/kind must be one of "aca", "fargate", "oci", "local", "edge"; given "edgy"/);
  });

  it("the checks run its grid, ranges, support and job rules, and its target check", () => {
    const ns = edgeStack();
    ns.services[0].size = { cpu: 3, memory: "3Gi" };
    ns.services[0].health = { path: "/healthz", command: ["CMD", "true"], intervalSeconds: 5 };
    ns.services.push({ name: "nightly", image: "api", job: { schedule: "0 3 * * *" }, size: { cpu: 1, memory: "1Gi" } });
    expect(problemsOf(ns)).toEqual(
      expect.arrayContaining([
        "crossarch:services[0].size.cpu: 3 vCPU / 3072Mi is not an Edge Run size; allowed: 1, 2 or 4 vCPU with 1Gi each (service api on target edge (arm64))",
        "crossarch:services[0].health.intervalSeconds: 5 is out of range for target edge (Edge Run); allowed: whole numbers 10-60",
        "crossarch:services[0].health.command: has no effect on target edge (Edge Run): Edge Run probes HTTP only",
        "crossarch:services[1].job.run: has no effect on target edge (Edge Run): Edge Run runs no jobs",
      ]),
    );
    const crowded = edgeStack();
    crowded.services = ["aa", "bb", "cc", "dd"].map((name) => ({ ...edgeStack().services[0], name }));
    expect(problemsOf(crowded)).toContain("crossarch:targets.edge: 4 services in zone eu1; Edge Run takes at most 3");
  });

  it("the plan deploys on its arches, with its read-only default, and uses its budget", () => {
    const p = plan(edgeStack());
    expect(p.deployments.map((d) => [d.name, d.target, d.kind, d.arch, d.readOnlyRootFilesystem])).toEqual([
      ["api", "edge", "edge", "arm64", true],
    ]);
    expect(p.budgets).toEqual([expect.objectContaining({ target: "edge", use: expect.objectContaining({ fits: true }) })]);
  });

  it("the summary says its checks, and the costs use its prices (and a stack's override of them)", () => {
    const p = plan(edgeStack());
    expect(estimateCosts(p, shippedPrices())).toEqual([
      { target: "edge", kind: "edge", arch: "arm64", basis: "2 vCPU on Edge Run", usdPerMonth: 730 * 2 * 0.05 },
    ]);
    const md = summarize(p, shippedPrices());
    expect(md).toContain("| api | edge (edge) | arm64 |");
    expect(md).toContain("edge probe /healthz every 10s");
    expect(md).toMatch(/edge.*2 vCPU on Edge Run.*\$73\.00/);
    const cheaper = edgeStack();
    cheaper.prices = { edge: { vcpuHour: 0.01 } };
    expect(summarize(plan(cheaper), shippedPrices())).toMatch(/\$14\.60/);
  });

  it("the program loads its deployer and registers what it makes", async () => {
    const ns = edgeStack();
    const flat = Object.fromEntries(Object.entries(ns).map(([k, v]) => [`crossarch:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));
    const cwd = process.cwd();
    process.chdir(path.join(cwd, "infra"));
    try {
      const recorded = await mockStack("edge", flat);
      const out = await program(OFFLINE);
      await settle();
      const [target] = ofType(recorded, "crossarch:fixtures:EdgeTarget");
      expect(target.inputs).toEqual({ zone: "eu1", services: ["api@api"] });
      expect(await valueOf(out.urls.edge.api)).toBe("https://api.eu1.edge.example");
    } finally {
      process.chdir(cwd);
    }
  });
});
