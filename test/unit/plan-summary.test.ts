import { describe, expect, it } from "vitest";
import { estimateCosts } from "../../tools/costs";
import { PRICES } from "../../tools/prices";
import { planOffline } from "../../tools/offline-plan";
import { mermaid, summarize } from "../../tools/summary";

const devPlan = () => planOffline("dev");

describe("the offline plan summary of the dev stack", () => {
  it("estimates each target's monthly cost from the dated price table", () => {
    const costs = Object.fromEntries(estimateCosts(devPlan(), PRICES).map((c) => [c.target, Math.round(c.usdPerMonth * 100) / 100]));
    // Fargate ARM: 730 h x (3.5 vCPU x 0.03238 + 7 GB x 0.00356): api 2 x 1/2, worker 0.5/1, db 1/2
    expect(costs.aws).toBe(100.92);
    // ACA: api 2 x 0.25 vCPU / 0.5 GiB and db 1 / 2: (1.5 vCPU x 2,628,000 s - 180,000) x 0.000024 + (3 GiB x 2,628,000 s - 360,000) x 0.000003
    expect(costs.azure).toBe(112.86);
    // OCI A1: the 4 OCPU / 24 GB instance, 730 h x (4 x 0.01 + 24 x 0.0015)
    expect(costs.oracle).toBe(55.48);
  });

  it("prices x86 Fargate above Graviton for the same size", () => {
    const plan = devPlan();
    const arm = estimateCosts(plan, PRICES).find((c) => c.target === "aws")?.usdPerMonth ?? 0;
    const x86 =
      estimateCosts(
        {
          ...plan,
          config: { ...plan.config, targets: { ...plan.config.targets, aws: { ...plan.config.targets.aws, arch: "amd64" } as never } },
        },
        PRICES,
      ).find((c) => c.target === "aws")?.usdPerMonth ?? 0;
    expect(x86 / arm).toBeCloseTo((3.5 * 0.04048 + 7 * 0.004445) / (3.5 * 0.03238 + 7 * 0.00356), 5);
  });

  it("shows who uses what of the 4 OCPU / 24 GB Ampere host", () => {
    const md = summarize(devPlan(), PRICES);
    expect(md).toContain("**Capacity of oracle** (4 vCPU / 24Gi): fits");
    expect(md).toContain("| db | 1 | 2 vCPU | 12Gi |");
    expect(md).toContain("| **total** | | **4 vCPU** | **20Gi** |");
    expect(md).toContain(
      "| api | aws (fargate) | arm64 | app (built, target runtime) | 1 vCPU | 2Gi | 2 | command `node dist/healthcheck.js` + ALB HTTP /readyz every 10s, timeout 5s, 3 retries, start 10s |",
    );
    // each target shows the check it really runs
    expect(md).toContain("| db | azure (aca) | amd64 | docker.io/library/postgres:16-bookworm | 1 vCPU | 2Gi | 1 | TCP 5432 every 10s");
    expect(md).toContain("- api -> db (tcp 5432) on azure, aws, oracle");
    expect(md).toContain("prices as of 2026-11-23");
    expect(md).toContain("| **total** | | | **$269.26** |");
  });

  it("draws services -> registries -> targets with the arch on each edge", () => {
    const chart = mermaid(devPlan());
    expect(chart.split("\n")[0]).toBe("flowchart LR");
    expect(chart).toContain('svc_api["api"] --> reg_aws[("ecr (aws)")]');
    expect(chart).toContain('reg_aws -->|arm64| tgt_aws{{"aws: fargate"}}');
    expect(chart).toContain('reg_azure -->|amd64| tgt_azure{{"azure: aca"}}');
    expect(chart).toContain('ext_postgres -->|arm64| tgt_oracle{{"oracle: oci"}}');
    expect(chart).not.toContain('svc_cache["cache"] --> reg_');
    expect(chart).toContain('svc_api -.->|tcp 5432| svc_db["db"]');
  });
});

describe("price overrides in config", () => {
  it("use the stack's crossarch:prices over the shipped table and say so", () => {
    const plan = planOffline("prod");
    const md = summarize(plan, PRICES);
    // Fargate ARM in eu-west-1: 730 h x (4.5 vCPU x 0.03613 + 9 GB x 0.00397)
    expect(md).toContain("| aws (fargate) | arm64 | 4.5 vCPU, 9 GB always on | $144.77 |");
    expect(md).toContain("prices as of 2026-11-23 (eu-west-1 Fargate)");
  });
});
