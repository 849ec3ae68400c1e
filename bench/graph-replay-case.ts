/**
 * One measurement of the honest floor, in its own process (its own peak memory):
 * - `record <services> <file>`: evaluate crossarch under mocks and write the exact resource
 *   graph it registered (type, name, custom or component, parent, resolved inputs, provider),
 *   in registration order;
 * - `crossarch <services>`: evaluate crossarch under mocks and time it;
 * - `replay <file>`: register that graph as a flat program with the same SDK and the same mocks
 *   (no component logic, no config, no checks: what the graph itself costs), and time it.
 * Prints one JSON line. Usage: tsx bench/graph-replay-case.ts <mode> ...
 */
import * as fs from "node:fs";
import { program } from "../infra/program";
import { record } from "./graph-record";
import { mockStack, settle } from "../test/helpers/mocks";
import { OFFLINE } from "../test/helpers/stacks";
import { replay, type GraphNode } from "./graph";
import { benchConfig } from "./services-config";

async function main(): Promise<void> {
  Error.stackTraceLimit = Number(process.env.CROSSARCH_STACK_TRACE_LIMIT ?? 4); // as infra/index.ts, for both
  const mode = process.argv[2];
  if (mode === "record") {
    const graph = await record("dev", benchConfig(Number(process.argv[3])));
    fs.writeFileSync(process.argv[4], JSON.stringify(graph));
    process.stdout.write(`${JSON.stringify({ mode, resources: graph.length })}\n`);
    return;
  }
  const n = Number(process.argv[3]);
  const graph: GraphNode[] = mode === "replay" ? (JSON.parse(fs.readFileSync(process.argv[3], "utf8")) as GraphNode[]) : [];
  const config = benchConfig(mode === "replay" ? 1 : n);
  const once = async () => {
    const recorded = await mockStack("dev", config);
    const start = process.hrtime.bigint();
    if (mode === "crossarch") await program(OFFLINE);
    else replay(graph);
    await settle();
    return { ms: Number(process.hrtime.bigint() - start) / 1e6, resources: recorded.length };
  };
  await once(); // warm the module graph and the mocks: the figure is evaluation, not loading
  const { ms, resources } = await once();
  (globalThis as { gc?: () => void }).gc?.();
  const heapMiB = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  process.stdout.write(
    `${JSON.stringify({ mode, resources, ms: Math.round(ms), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), heapMiB })}\n`,
  );
}

void main();
