/**
 * What is made from the list of kinds for readers outside the program: the docs tables of what
 * each kind does with each key (from the `docs` rows of each kind's module), written into the
 * README between their markers, and the policy pack's copy of each kind's name, title and arches
 * (the pack is a package of its own and cannot import components/). `npm run docs:kinds` writes
 * both; unit tests fail when either is stale.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { targetKinds } from "@crossarch/components/model";

type Table = "support" | "jobs";

/** The Markdown table of one kind of rows, a column per registered kind. */
export function kindTable(table: Table): string {
  const kinds = targetKinds();
  const keys = [...new Set(kinds.flatMap((k) => Object.keys(k.docs[table])))];
  const head = table === "support" ? "key" : "job";
  return [
    `| ${head} | ${kinds.map((k) => k.title).join(" | ")} |`,
    `|---|${kinds.map(() => "---").join("|")}|`,
    ...keys.map((key) => `| ${key} | ${kinds.map((k) => k.docs[table][key] ?? "(not documented)").join(" | ")} |`),
  ].join("\n");
}

const marker = (table: Table, end = false) => `<!-- ${end ? "/" : ""}kinds:${table} (npm run docs:kinds) -->`;

/** `text` with each table between its markers made anew. */
export function withKindTables(text: string): string {
  let out = text;
  for (const table of ["support", "jobs"] as const) {
    const [start, end] = [marker(table), marker(table, true)];
    const a = out.indexOf(start);
    const b = out.indexOf(end);
    if (a < 0 || b < a) throw new RangeError(`the README has no ${start} ... ${end} block`);
    out = `${out.slice(0, a + start.length)}\n${kindTable(table)}\n${out.slice(b)}`;
  }
  return out;
}

/** Where the policy pack's copy of the kinds' facts lives. */
export const POLICY_KIND_FACTS = "policy/src/kind-facts.ts";

/** The policy pack's copy of the kinds' facts, as TypeScript. */
export function policyKindFacts(): string {
  const facts = targetKinds().map((k) => ({ kind: k.kind, title: k.title, arches: [...k.arches] }));
  return [
    "// Written from components/kinds.ts by npm run docs:kinds; edit the kinds' modules, then run it.",
    "/** Each target kind crossarch ships: its name, its name in messages, and the archs it can run. */",
    `export const KIND_FACTS: readonly { kind: string; title: string; arches: readonly ("amd64" | "arm64")[] }[] = ${JSON.stringify(facts)};`,
    "",
  ].join("\n");
}

if (require.main === module) {
  const root = path.resolve(__dirname, "..");
  const readme = path.join(root, "README.md");
  fs.writeFileSync(readme, withKindTables(fs.readFileSync(readme, "utf8")));
  fs.writeFileSync(path.join(root, POLICY_KIND_FACTS), policyKindFacts());
  process.stdout.write(`README.md: the kinds' tables written; ${POLICY_KIND_FACTS} written\n`);
}
