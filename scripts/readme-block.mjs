// Prints the code block that follows `<!-- consumer:NAME -->` in README.md, so the consumer
// test runs exactly what the README tells a new user. Usage: node scripts/readme-block.mjs NAME
import * as fs from "node:fs";
import * as path from "node:path";

const name = process.argv[2];
const readme = fs.readFileSync(path.join(path.dirname(new URL(import.meta.url).pathname), "..", "README.md"), "utf8");
const at = readme.indexOf(`<!-- consumer:${name} -->`);
const block = at < 0 ? null : /```[a-z]*\n([\s\S]*?)```/.exec(readme.slice(at));
if (!block) {
  console.error(`README.md has no block marked <!-- consumer:${name} -->`);
  process.exit(1);
}
process.stdout.write(block[1]);
