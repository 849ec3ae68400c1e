// The policy pack ships its own copy of the arch facts (components/model/arch.ts), so its directory
// is self-contained: `pulumi policy publish` uploads that directory alone. This writes the copy;
// a unit test fails when the copy and the source differ. Usage: node scripts/vendor-policy-facts.mjs
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
export const HEADER = "// Copied from components/model/arch.ts by scripts/vendor-policy-facts.mjs; edit the source, then run it.\n";
const source = fs.readFileSync(path.join(root, "components/model/arch.ts"), "utf8");
fs.writeFileSync(path.join(root, "policy/src/arch-facts.ts"), HEADER + source);
console.log("policy/src/arch-facts.ts written from components/model/arch.ts");
