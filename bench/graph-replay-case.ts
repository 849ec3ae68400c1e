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
import * as pulumi from "@pulumi/pulumi";
import { program } from "../infra/program";
import { mockStack, settle } from "../test/helpers/mocks";
import { OFFLINE } from "../test/helpers/stacks";
import { benchConfig } from "./services-config";

/** One registered resource, as the replay needs it. */
interface Node {
  type: string;
  name: string;
  custom: boolean;
  /** Index of the parent in the graph, or -1 for the stack. */
  parent: number;
  inputs: Record<string, unknown>;
}

/** The mock monitor's class: its registerResource sees each request's parent URN (mocks do not). */
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as { MockMonitor: { prototype: Record<string, Function> } }; // eslint-disable-line @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-function-type

/** Record the graph: inputs and custom from the mocks, parents from the monitor's requests. */
async function record(n: number): Promise<Node[]> {
  const parents = new Map<string, string>();
  const original = MockMonitor.prototype.registerResource;
  MockMonitor.prototype.registerResource = function (
    this: unknown,
    req: { getType(): string; getName(): string; getParent(): string },
    cb: unknown,
  ) {
    const parent = req.getParent();
    if (parent && !parent.includes("::pulumi:pulumi:Stack::")) {
      const [type, name] = [parent.split("::")[2].split("$").pop() ?? "", parent.split("::")[3]];
      parents.set(`${req.getType()}::${req.getName()}`, `${type}::${name}`);
    }
    return original.call(this, req, cb);
  };
  const recorded = await mockStack("dev", benchConfig(n));
  await program(OFFLINE);
  await settle();
  MockMonitor.prototype.registerResource = original;
  const index = new Map(recorded.map((r, i) => [`${r.type}::${r.name}`, i]));
  return recorded.map((r) => ({
    type: r.type,
    name: r.name,
    custom: r.custom,
    parent: index.get(parents.get(`${r.type}::${r.name}`) ?? "") ?? -1,
    inputs: r.inputs,
  }));
}

/** The SDK's base classes, as a flat program registers them (they are abstract). */
class Replayed extends pulumi.CustomResource {}
class ReplayedProvider extends pulumi.ProviderResource {}

/** The flat replay: each node registered as it was, with its parent, by the SDK's base classes. */
function replay(graph: Node[]): void {
  const made: pulumi.Resource[] = [];
  for (const node of graph) {
    const parent = node.parent >= 0 ? made[node.parent] : undefined;
    const opts = parent ? { parent } : {};
    if (node.type.startsWith("pulumi:providers:")) made.push(new ReplayedProvider(node.type.slice(17), node.name, node.inputs, opts));
    else if (node.custom) made.push(new Replayed(node.type, node.name, node.inputs, opts));
    else made.push(new pulumi.ComponentResource(node.type, node.name, {}, opts));
  }
}

async function main(): Promise<void> {
  Error.stackTraceLimit = Number(process.env.CROSSARCH_STACK_TRACE_LIMIT ?? 4); // as infra/index.ts, for both
  const mode = process.argv[2];
  if (mode === "record") {
    const graph = await record(Number(process.argv[3]));
    fs.writeFileSync(process.argv[4], JSON.stringify(graph));
    process.stdout.write(`${JSON.stringify({ mode, resources: graph.length })}\n`);
    return;
  }
  const n = Number(process.argv[3]);
  const graph: Node[] = mode === "replay" ? (JSON.parse(fs.readFileSync(process.argv[3], "utf8")) as Node[]) : [];
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
