/** The README's tables of what each kind does with each key are made from the kinds' own rows, and are current. */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { SHIPPED_KINDS } from "../../components/kinds";
import { kindTable, POLICY_KIND_FACTS, policyKindFacts, withKindTables } from "../../tools/kind-tables";

describe("the kinds' docs tables", () => {
  it("in the README are what npm run docs:kinds writes from the kinds' modules", () => {
    const readme = fs.readFileSync(path.join(__dirname, "../../README.md"), "utf8");
    expect(withKindTables(readme)).toBe(readme);
  });

  it("the policy pack's copy of the kinds' facts is what npm run docs:kinds writes", async () => {
    const prettier = await import("prettier");
    const written = fs.readFileSync(path.join(__dirname, "../..", POLICY_KIND_FACTS), "utf8");
    const options = { ...(await prettier.resolveConfig(path.join(__dirname, "../..", POLICY_KIND_FACTS))), parser: "typescript" };
    expect(await prettier.format(written, options)).toBe(await prettier.format(policyKindFacts(), options));
  });

  it("have a column per kind and a cell for every row in every column", () => {
    for (const table of ["support", "jobs"] as const) {
      const lines = kindTable(table).split("\n");
      expect(lines[0].split(" | ").length).toBe(SHIPPED_KINDS.length + 1);
      expect(lines.join("\n")).not.toContain("(not documented)");
    }
  });
});
