// Entry point named by Pulumi.yaml (`main: infra/`): the exported function's result becomes the stack outputs.
import { program } from "./program";

// The SDK records `new Error().stack` for every promise it makes (one per input property), and
// with TypeScript source maps each of those stacks is expensive. Short stacks make evaluation of
// a 50-service stack 1.7x faster (BENCHMARKS.md); CROSSARCH_STACK_TRACE_LIMIT=50 restores deep
// stacks when debugging the program itself. crossarch's own errors do not depend on stacks.
Error.stackTraceLimit = Number(process.env.CROSSARCH_STACK_TRACE_LIMIT ?? 4);

export = program;
