/**
 * The honest floor (issue 18): crossarch under mocks against the exact resource graph it
 * registers, replayed as a flat program with the same SDK and the same mocks, at 10, 50 and 200
 * services on the dev stack's three cloud targets; each figure in a fresh process, all in one
 * run. Usage: npx tsx bench/graph-replay.ts [services...]
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

interface Row {
  resources: number;
  ms: number;
  peakRssMiB: number;
  heapMiB: number;
}

const run = (...args: string[]): Row =>
  JSON.parse(
    execFileSync(process.execPath, ["--expose-gc", "--import", "tsx", path.join(__dirname, "graph-replay-case.ts"), ...args], {
      encoding: "utf8",
      timeout: 900_000,
      maxBuffer: 64 * 1024 * 1024,
    })
      .trim()
      .split("\n")
      .pop() ?? "{}",
  );

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crossarch-graph-"));
const sizes = process.argv.slice(2).length > 0 ? process.argv.slice(2).map(Number) : [10, 50, 200];
const rows = [
  "| services | resources | crossarch ms | replay ms | ratio | crossarch ms per resource | peak RSS MiB (crossarch / replay) | retained heap MiB (crossarch / replay) |",
  "|---|---|---|---|---|---|---|---|",
];
for (const n of sizes) {
  const graph = path.join(dir, `graph-${n}.json`);
  run("record", String(n), graph);
  const mine = run("crossarch", String(n));
  const floor = run("replay", graph);
  rows.push(
    `| ${n} | ${mine.resources} | ${mine.ms} | ${floor.ms} | ${(mine.ms / floor.ms).toFixed(2)} | ${(mine.ms / mine.resources).toFixed(2)} | ${mine.peakRssMiB} / ${floor.peakRssMiB} | ${mine.heapMiB} / ${floor.heapMiB} |`,
  );
}
process.stdout.write(`${rows.join("\n")}\n`);
