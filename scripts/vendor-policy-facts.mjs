// The policy pack ships its own copies of model facts (the arch table, components/model/arch.ts,
// and the "looks like a secret" rule, components/model/secrets.ts), so its directory is
// self-contained: `pulumi policy publish` uploads that directory alone. This writes the copies;
// a unit test fails when a copy and its source differ. Usage: node scripts/vendor-policy-facts.mjs
import * as fs from "node:fs";
import * as path from "node:path";

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");
/** Each copy: the source in components/, the copy in policy/. */
export const COPIES = [
  { source: "components/model/arch.ts", copy: "policy/src/arch-facts.ts" },
  { source: "components/model/secrets.ts", copy: "policy/src/secret-facts.ts" },
];
/** The first line of a copy. */
export const headerOf = (source) => `// Copied from ${source} by scripts/vendor-policy-facts.mjs; edit the source, then run it.\n`;
for (const { source, copy } of COPIES) {
  fs.writeFileSync(path.join(root, copy), headerOf(source) + fs.readFileSync(path.join(root, source), "utf8"));
  console.log(`${copy} written from ${source}`);
}
