/**
 * The scale of `npm run plan` (issue 18): the offline plan and summary of a stack with 50, 100
 * and 200 services on three cloud targets, each in a fresh process, all in one run; growth is
 * shown by time per deployment across the sizes. Usage: npx tsx bench/plan-scale.ts
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crossarch-plan-"));
const rows = [
  "| services | deployments | plan + summary ms | ms per deployment | vs 50 services | peak RSS MiB | summary KiB |",
  "|---|---|---|---|---|---|---|",
];
let base: number | undefined;
for (const n of [50, 100, 200]) {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", path.join(__dirname, "plan-scale-case.ts"), String(n), path.join(dir, `Pulumi.plan-${n}.yaml`)],
    {
      encoding: "utf8",
      timeout: 600_000,
    },
  );
  const r = JSON.parse(out.trim().split("\n").pop() ?? "{}") as { deployments: number; ms: number; peakRssMiB: number; summaryKiB: number };
  const perDeployment = r.ms / r.deployments;
  base ??= perDeployment;
  rows.push(
    `| ${n} | ${r.deployments} | ${r.ms} | ${perDeployment.toFixed(2)} | ${(perDeployment / base).toFixed(2)}x per deployment | ${r.peakRssMiB} | ${r.summaryKiB} |`,
  );
}
process.stdout.write(`${rows.join("\n")}\n`);
