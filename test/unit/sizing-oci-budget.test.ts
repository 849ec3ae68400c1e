import { describe, expect, it } from "vitest";
import { budgetUse, describeUse, validateBudget } from "../../components/model/budget";
import { ociInstanceCapacity, validateOciContainersFit, validateOciInstance } from "../../components/oci/sizing";

const A1 = "CI.Standard.A1.Flex";
const GI = 1024;

describe("OCI A1.Flex instance", () => {
  it("accepts 1-76 whole OCPUs with 1-64 GiB per OCPU, at most 488 GiB", () => {
    const ok = (ocpus: number, gb: number) => validateOciInstance({ shape: A1, ocpus, memoryMiB: gb * GI }).length === 0;
    expect(ok(1, 1)).toBe(true);
    expect(ok(1, 64)).toBe(true);
    expect(ok(1, 65)).toBe(false);
    expect(ok(4, 3)).toBe(false); // below 1 GiB per OCPU
    expect(ok(4, 4)).toBe(true);
    expect(ok(4, 24)).toBe(true);
    expect(ok(4, 256)).toBe(true);
    expect(ok(4, 257)).toBe(false);
    expect(ok(8, 488)).toBe(true);
    expect(ok(8, 489)).toBe(false); // the 488 GiB cap, not 8 x 64
    expect(ok(76, 488)).toBe(true);
    expect(ok(77, 488)).toBe(false);
    expect(ok(0, 1)).toBe(false);
    expect(ok(1.5, 8)).toBe(false);
    expect(validateOciInstance({ shape: A1, ocpus: 2, memoryMiB: 2560 }).length).toBe(1); // 2.5 GiB is not whole
  });

  it("names the property, the allowed range and the nearest values", () => {
    expect(validateOciInstance({ shape: A1, ocpus: 80, memoryMiB: 24 * GI })[0]).toEqual({
      path: ["ocpus"],
      message: "80 OCPUs is not legal for CI.Standard.A1.Flex; allowed: whole numbers 1-76; nearest: 76",
    });
    const [m] = validateOciInstance({ shape: A1, ocpus: 2, memoryMiB: 200 * GI });
    expect(m.path).toEqual(["memory"]);
    expect(m.message).toContain("allowed: whole GiB from 2Gi to 128Gi");
    expect(m.message).toContain("nearest: 128Gi");
    expect(validateOciInstance({ shape: "CI.Standard.E9.Flex", ocpus: 1, memoryMiB: GI })[0]).toMatchObject({ path: ["shape"] });
  });

  it("converts Ampere OCPUs to vCPUs one to one", () => {
    expect(ociInstanceCapacity({ shape: A1, ocpus: 4, memoryMiB: 24 * GI })).toEqual({ cpu: 4, memoryMiB: 24 * GI });
  });

  it("requires the containers to fit the instance, each and together", () => {
    const host = { shape: A1, ocpus: 4, memoryMiB: 24 * GI };
    const c = (name: string, cpu: number, gb: number) => ({ name, size: { cpu, memoryMiB: gb * GI } });
    expect(validateOciContainersFit(host, [c("api", 1, 4), c("cache", 0.5, 2), c("db", 2.5, 18)])).toEqual([]);
    const [sum] = validateOciContainersFit(host, [c("api", 1, 4), c("cache", 1, 2), c("db", 2.5, 12)]);
    expect(sum.path).toEqual([]);
    expect(sum.message).toBe(
      "containers need 4.5 vCPU / 18Gi but the CI.Standard.A1.Flex instance has 4 vCPU / 24Gi (api 1 vCPU / 4Gi, cache 1 vCPU / 2Gi, db 2.5 vCPU / 12Gi); raise ocpus/memory or shrink the containers",
    );
    const [one] = validateOciContainersFit(host, [c("api", 1, 4), c("db", 1, 32)]);
    expect(one).toEqual({
      path: ["containers", 1],
      message: "db asks for 1 vCPU / 32Gi, more than the whole CI.Standard.A1.Flex instance (4 vCPU / 24Gi)",
    });
  });
});

describe("capacity budgets", () => {
  const budget = { cpu: 4, memoryMiB: 24 * GI };
  const api = { service: "api", replicas: 2, size: { cpu: 1, memoryMiB: 4 * GI } };
  const db = { service: "db", replicas: 1, size: { cpu: 2, memoryMiB: 12 * GI } };

  it("sums replicas x size and fits at exactly the budget", () => {
    const use = budgetUse(budget, [api, db]);
    expect(use.used).toEqual({ cpu: 4, memoryMiB: 20 * GI });
    expect(use.fits).toBe(true);
    expect(validateBudget("oracle", budget, [api, db])).toEqual([]);
    expect(describeUse(use)).toBe(
      "api 2 x 1 vCPU / 4Gi = 2 vCPU / 8Gi; db 1 x 2 vCPU / 12Gi = 2 vCPU / 12Gi; total 4 vCPU / 20Gi of 4 vCPU / 24Gi",
    );
  });

  it("reports an overflow on each axis with the allocation table", () => {
    const [p] = validateBudget("oracle", budget, [{ ...api, replicas: 3 }, db]);
    expect(p.message).toBe(
      "services on target oracle exceed its budget (cpu by 1 vCPU, memory by 0Mi): api 3 x 1 vCPU / 4Gi = 3 vCPU / 12Gi; db 1 x 2 vCPU / 12Gi = 2 vCPU / 12Gi; total 5 vCPU / 24Gi of 4 vCPU / 24Gi".replace(
        ", memory by 0Mi",
        "",
      ),
    );
    const [m] = validateBudget("oracle", budget, [api, { ...db, size: { cpu: 1, memoryMiB: 17 * GI } }]);
    expect(m.message).toContain("(memory by 1Gi)");
  });

  it("does not fail on float noise (0.1 x 3 + 0.7 = 1)", () => {
    const tenth = { service: "s", replicas: 3, size: { cpu: 0.1, memoryMiB: 100 } };
    const rest = { service: "t", replicas: 1, size: { cpu: 0.7, memoryMiB: 100 } };
    expect(budgetUse({ cpu: 1, memoryMiB: 400 }, [tenth, rest]).fits).toBe(true);
  });
});
