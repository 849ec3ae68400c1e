// Keeps this machine's copy of a stack file: the tracked Pulumi.<stack>.yaml's config, plus what
// only this machine has (its encryption salt and secrets), which are never written to the repo.
// Usage: node scripts/stack-config.mjs <tracked file> <machine copy>
import * as fs from "node:fs";
import { parse, stringify } from "yaml";

const [tracked, copy] = process.argv.slice(2);
const template = parse(fs.readFileSync(tracked, "utf8")) ?? {};
const existing = fs.existsSync(copy) ? (parse(fs.readFileSync(copy, "utf8")) ?? {}) : {};
const config = { ...template.config };
for (const [key, value] of Object.entries(existing.config ?? {})) {
  if (value && typeof value === "object" && "secure" in value) config[key] = value; // machine secrets stay
}
const out = { ...(existing.encryptionsalt && { encryptionsalt: existing.encryptionsalt }), config };
fs.writeFileSync(copy, stringify(out));
