import { execSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.join(__dirname, "../..");

describe("the components' reference docs", () => {
  it("document every field of every Args interface (TypeDoc renders them)", () => {
    const files = execSync("git ls-files 'components/*.ts' 'components/**/*.ts'", { cwd: ROOT, encoding: "utf8" })
      .split("\n")
      .filter(Boolean);
    const undocumented: string[] = [];
    for (const file of files) {
      const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), "utf8"), ts.ScriptTarget.ES2022, true);
      const visit = (node: ts.Node): void => {
        if (ts.isInterfaceDeclaration(node) && node.name.text.endsWith("Args")) {
          for (const m of node.members) {
            if (ts.isPropertySignature(m) && ts.getJSDocCommentsAndTags(m).length === 0)
              undocumented.push(`${file}: ${node.name.text}.${m.name.getText(source)}`);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
    expect(files.length).toBeGreaterThan(30);
    expect(undocumented).toEqual([]);
  });
});
