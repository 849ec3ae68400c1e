import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import {
  ARCHES,
  archOfEc2InstanceType,
  archOfEcsCpuArchitecture,
  archOfOciShape,
  archOfPlatform,
  ecsCpuArchitecture,
  platformOf,
} from "../../components/model/arch";

describe("arch table", () => {
  it("maps each arch to its platform and ECS name and back", () => {
    expect(platformOf("amd64")).toBe("linux/amd64");
    expect(platformOf("arm64")).toBe("linux/arm64");
    expect(ecsCpuArchitecture("amd64")).toBe("X86_64");
    expect(ecsCpuArchitecture("arm64")).toBe("ARM64");
    for (const a of ARCHES) {
      expect(archOfPlatform(platformOf(a))).toBe(a);
      expect(archOfEcsCpuArchitecture(ecsCpuArchitecture(a))).toBe(a);
    }
    expect(archOfEcsCpuArchitecture("arm64")).toBe("arm64");
    expect(archOfEcsCpuArchitecture("MIPS")).toBeUndefined();
  });

  it.each([
    ["linux/arm64/v8", "arm64"],
    ["linux/amd64/v3", "amd64"],
    ["unknown/unknown", undefined],
    ["linux/arm/v7", undefined],
    ["linux/arm64/v7", undefined],
    ["windows/amd64", undefined],
    ["linux/s390x", undefined],
  ])("platform %s is %s", (platform, arch) => {
    expect(archOfPlatform(platform)).toBe(arch);
  });

  it.each([
    ["CI.Standard.A1.Flex", "arm64"],
    ["VM.Standard.A1.Flex", "arm64"],
    ["VM.Standard.A2.Flex", "arm64"],
    ["BM.Standard.A1.160", "arm64"],
    ["CI.Standard.E3.Flex", "amd64"],
    ["CI.Standard.E4.Flex", "amd64"],
    ["CI.Standard.E5.Flex", "amd64"],
    ["CI.Standard.A2.Flex", undefined], // a VM shape only: no Container Instance shape by that name
    ["CI.Standard3.Flex", undefined], // likewise
    ["VM.Standard.E5.Flex", "amd64"],
    ["VM.Standard3.Flex", "amd64"],
    ["VM.Optimized3.Flex", "amd64"],
    ["VM.GPU.A10.1", undefined],
    ["Standard.A1", undefined],
  ])("OCI shape %s is %s", (shape, arch) => {
    expect(archOfOciShape(shape)).toBe(arch);
  });

  it.each([
    ["m7g.large", "arm64"],
    ["c6gn.16xlarge", "arm64"],
    ["t4g.micro", "arm64"],
    ["r8g.xlarge", "arm64"],
    ["g5g.xlarge", "arm64"],
    ["im4gn.large", "arm64"],
    ["a1.medium", "arm64"],
    ["mac2-m2pro.metal", "arm64"],
    ["m7i.large", "amd64"],
    ["m7i-flex.large", "amd64"],
    ["c5.xlarge", "amd64"],
    ["g5.xlarge", "amd64"],
    ["m6a.large", "amd64"],
    ["mac1.metal", "amd64"],
    ["not-a-type", undefined],
  ])("EC2 %s is %s", (type, arch) => {
    expect(archOfEc2InstanceType(type)).toBe(arch);
  });
});

describe("the policy pack's copy of the arch facts", () => {
  it("is the arch table of the components, word for word (run node scripts/vendor-policy-facts.mjs after a change)", () => {
    const source = fs.readFileSync(path.join(__dirname, "../../components/model/arch.ts"), "utf8");
    const copy = fs.readFileSync(path.join(__dirname, "../../policy/src/arch-facts.ts"), "utf8");
    expect(copy.split("\n").slice(1).join("\n")).toBe(source);
  });
});

describe("the policy pack's copy of the secret rule", () => {
  it("is components/model/secrets.ts, word for word (run node scripts/vendor-policy-facts.mjs after a change)", () => {
    const source = fs.readFileSync(path.join(__dirname, "../../components/model/secrets.ts"), "utf8");
    const copy = fs.readFileSync(path.join(__dirname, "../../policy/src/secret-facts.ts"), "utf8");
    expect(copy.split("\n")[0]).toBe(
      "// Copied from components/model/secrets.ts by scripts/vendor-policy-facts.mjs; edit the source, then run it.",
    );
    expect(copy.split("\n").slice(1).join("\n")).toBe(source);
  });
});
