/**
 * One `npm run plan` measurement in its own process: the offline plan and its summary (what
 * `npm run plan` prints) of a dev-like stack with N services on three cloud targets, read from a
 * stack file as the CLI reads it. Prints one JSON line.
 * Usage: tsx bench/plan-scale-case.ts <services> <stack file to write>
 */
import * as fs from "node:fs";
import { stringify } from "yaml";
import { planOffline } from "../tools/offline-plan";
import { PRICES } from "../tools/prices";
import { summarize } from "../tools/summary";
import { benchConfig } from "./services-config";

const [n, file] = [Number(process.argv[2]), process.argv[3]];
const flat = benchConfig(n);
const config = Object.fromEntries(
  Object.entries(flat)
    .filter(([k]) => !k.endsWith("Token") && !k.endsWith("Password"))
    .map(([k, v]) => [k, k === "crossarch:app" ? v : JSON.parse(v)]),
);
fs.writeFileSync(file, stringify({ config }));
const start = process.hrtime.bigint();
const plan = planOffline("dev", { configFile: file });
const text = summarize(plan, PRICES);
const ms = Number(process.hrtime.bigint() - start) / 1e6;
process.stdout.write(
  `${JSON.stringify({ services: n, deployments: plan.deployments.length, summaryKiB: Math.round(text.length / 1024), ms: Math.round(ms), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024) })}\n`,
);
