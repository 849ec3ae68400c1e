/**
 * Program evaluation under mocks for 1, 10 and 50 services on every target: wall time, peak
 * memory, resources, and the ratio to the floor (the same number of plain resources registered
 * with the same SDK), each case in a fresh process, all in one run.
 * Usage: npx tsx bench/program-eval.ts
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";

interface Row {
  mode: string;
  services: number;
  resources: number;
  ms: number;
  peakRssMiB: number;
  /** Heap still in use after a full GC: what the evaluation retains. */
  heapMiB: number;
}

const TSX_LOADER = "tsx";
const run = (...args: string[]): Row =>
  JSON.parse(
    execFileSync(process.execPath, ["--expose-gc", "--import", TSX_LOADER, path.join(__dirname, "program-eval-case.ts"), ...args], {
      encoding: "utf8",
      timeout: 600_000,
    })
      .trim()
      .split("\n")
      .pop() ?? "{}",
  );

const rows: string[] = [
  "| services | resources | crossarch ms | floor ms | ratio | ms per resource | peak RSS MiB (crossarch / floor) | retained heap MiB (crossarch / floor) |",
  "|---|---|---|---|---|---|---|---|",
];
for (const n of [1, 10, 50]) {
  const mine = run("crossarch", String(n));
  const floor = run("floor", String(n), String(mine.resources));
  rows.push(
    `| ${n} | ${mine.resources} | ${mine.ms} | ${floor.ms} | ${(mine.ms / floor.ms).toFixed(2)} | ${(mine.ms / mine.resources).toFixed(2)} | ${mine.peakRssMiB} / ${floor.peakRssMiB} | ${mine.heapMiB} / ${floor.heapMiB} |`,
  );
}
process.stdout.write(`${rows.join("\n")}\n`);
