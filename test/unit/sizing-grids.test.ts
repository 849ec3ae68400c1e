import { describe, expect, it } from "vitest";
import { validateAcaSize } from "../../components/azure/sizing";
import { validateFargateSize } from "../../components/aws/sizing";
import { validateLocalSize } from "../../components/local/sizing";

/** The Fargate task size table as AWS documents it, in vCPU and GB. */
const FARGATE_DOC: { cpu: number; gb: number[] }[] = [
  { cpu: 0.25, gb: [0.5, 1, 2] },
  { cpu: 0.5, gb: [1, 2, 3, 4] },
  { cpu: 1, gb: [2, 3, 4, 5, 6, 7, 8] },
  { cpu: 2, gb: Array.from({ length: 13 }, (_, i) => 4 + i) }, // 4..16
  { cpu: 4, gb: Array.from({ length: 23 }, (_, i) => 8 + i) }, // 8..30
  { cpu: 8, gb: Array.from({ length: 12 }, (_, i) => 16 + 4 * i) }, // 16..60 by 4
  { cpu: 16, gb: Array.from({ length: 12 }, (_, i) => 32 + 8 * i) }, // 32..120 by 8
];

describe("Fargate grid", () => {
  const legal = new Set(FARGATE_DOC.flatMap((row) => row.gb.map((gb) => `${row.cpu}/${gb * 1024}`)));

  it("has exactly the documented combinations (cpu x every 256 MiB up to 128 GiB)", () => {
    let accepted = 0;
    for (const cpu of [0.125, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6, 8, 12, 16, 32]) {
      for (let memoryMiB = 256; memoryMiB <= 131072; memoryMiB += 256) {
        const ok = validateFargateSize({ cpu, memoryMiB }).length === 0;
        expect(ok, `${cpu} vCPU / ${memoryMiB} MiB`).toBe(legal.has(`${cpu}/${memoryMiB}`));
        if (ok) accepted++;
      }
    }
    expect(accepted).toBe(legal.size);
    expect(legal.size).toBe(3 + 4 + 7 + 13 + 23 + 12 + 12);
  });

  it("names the nearest legal cpu values for an off-grid cpu", () => {
    const [p] = validateFargateSize({ cpu: 0.75, memoryMiB: 2048 });
    expect(p.path).toEqual(["cpu"]);
    expect(p.message).toBe("0.75 vCPU is not a Fargate task size; allowed: 0.25, 0.5, 1, 2, 4, 8, 16 vCPU; nearest: 0.5, 1 vCPU");
    expect(validateFargateSize({ cpu: 32, memoryMiB: 65536 })[0].message).toContain("nearest: 16 vCPU");
  });

  it("names the nearest legal memory for the cpu, and which cpu would take the memory", () => {
    const [p] = validateFargateSize({ cpu: 1, memoryMiB: 1024 });
    expect(p.path).toEqual(["memory"]);
    expect(p.message).toBe(
      "1Gi is not a Fargate memory size for 1 vCPU; allowed: 2Gi-8Gi in 1Gi steps; nearest: 2Gi; 1Gi is legal with 0.25, 0.5 vCPU",
    );
    expect(validateFargateSize({ cpu: 8, memoryMiB: 18432 })[0].message).toContain("nearest: 16Gi, 20Gi");
    expect(validateFargateSize({ cpu: 0.25, memoryMiB: 1536 })[0].message).toContain("allowed: 512Mi, 1Gi, 2Gi; nearest: 1Gi, 2Gi");
  });
});

describe("Azure Container Apps grid", () => {
  it("accepts exactly 0.25-4 vCPU in 0.25 steps with memory 2x cpu", () => {
    let accepted = 0;
    for (let q = 1; q <= 24; q++) {
      const cpu = q / 4; // 0.25 .. 6
      for (let memoryMiB = 256; memoryMiB <= 12288; memoryMiB += 256) {
        const ok = validateAcaSize({ cpu, memoryMiB }).length === 0;
        expect(ok, `${cpu} vCPU / ${memoryMiB} MiB`).toBe(cpu <= 4 && memoryMiB === cpu * 2048);
        if (ok) accepted++;
      }
    }
    expect(accepted).toBe(16);
    expect(validateAcaSize({ cpu: 0.3, memoryMiB: 614 }).length).toBe(1);
  });

  it("rejects an off-grid cpu with the nearest legal values", () => {
    const [p] = validateAcaSize({ cpu: 0.6, memoryMiB: 1229 });
    expect(p.path).toEqual(["cpu"]);
    expect(p.message).toContain("nearest: 0.5, 0.75 vCPU");
    expect(validateAcaSize({ cpu: 5, memoryMiB: 10240 })[0].message).toContain("nearest: 4 vCPU");
  });

  it("says which memory the cpu needs and which cpu the memory needs", () => {
    const [p] = validateAcaSize({ cpu: 0.5, memoryMiB: 2048 });
    expect(p.path).toEqual(["memory"]);
    expect(p.message).toBe(
      "2Gi with 0.5 vCPU is not an Azure Container Apps size: memory must be exactly 2Gi per vCPU, so 1Gi (or cpu 1 for 2Gi)",
    );
    expect(validateAcaSize({ cpu: 1, memoryMiB: 3000 })[0].message).not.toContain("(or cpu");
  });
});

describe("local engine limits", () => {
  it("accepts 0.01 up to the host cores and at least 6Mi", () => {
    expect(validateLocalSize({ cpu: 2, memoryMiB: 6 }, 2)).toEqual([]);
    expect(validateLocalSize({ cpu: 0.01, memoryMiB: 256 }, 2)).toEqual([]);
    expect(validateLocalSize({ cpu: 3, memoryMiB: 256 }, 2)[0]).toMatchObject({
      path: ["cpu"],
      message: expect.stringContaining("0.01-2 vCPU"),
    });
    expect(validateLocalSize({ cpu: 1, memoryMiB: 4 }, 2)[0]).toMatchObject({
      path: ["memory"],
      message: expect.stringContaining("minimum of 6Mi"),
    });
  });
});
