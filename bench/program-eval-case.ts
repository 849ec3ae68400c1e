/**
 * One measurement, in its own process so peak memory is its own: evaluate the program under
 * Pulumi mocks for N services on every cloud target, or (`floor`) register the same number of
 * plain resources with the same SDK. Prints one JSON line.
 * Usage: tsx bench/program-eval-case.ts <crossarch|floor> <services>
 */
import * as pulumi from "@pulumi/pulumi";
import { program } from "../infra/program";
import { mockStack, settle } from "../test/helpers/mocks";
import { OFFLINE } from "../test/helpers/stacks";
import { benchConfig } from "./services-config";

/** The floor: a resource with no component logic around it. */
class Plain extends pulumi.CustomResource {
  constructor(name: string, props: pulumi.Inputs) {
    super("bench:index:Plain", name, props);
  }
}

async function main(): Promise<void> {
  // like infra/index.ts, unless CROSSARCH_STACK_TRACE_LIMIT says otherwise (the "before" figure)
  if (process.argv[2] === "crossarch") Error.stackTraceLimit = Number(process.env.CROSSARCH_STACK_TRACE_LIMIT ?? 4);
  const [mode, n] = [process.argv[2], Number(process.argv[3])];
  const config = benchConfig(n);
  // warm the module graph and the mocks once, so the figure is evaluation, not loading
  let recorded = await mockStack("dev", config);
  if (mode === "crossarch") await program(OFFLINE);
  await settle();
  const count = mode === "crossarch" ? recorded.length : Number(process.argv[4]);
  recorded = await mockStack("dev", config);
  const start = process.hrtime.bigint();
  if (mode === "crossarch") {
    await program(OFFLINE);
  } else {
    for (let i = 0; i < count; i++) new Plain(`plain-${i}`, { value: i, tags: { arch: "arm64" } });
  }
  await settle();
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  (globalThis as { gc?: () => void }).gc?.();
  const heapMiB = Math.round(process.memoryUsage().heapUsed / 2 ** 20);
  process.stdout.write(
    `${JSON.stringify({ mode, services: n, resources: recorded.length, ms: Math.round(ms), peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024), heapMiB })}\n`,
  );
}

void main();
