/**
 * A flat Pulumi program: registers the graph in $CROSSARCH_REPLAY_GRAPH (bench/graph-record.ts)
 * with the SDK's base classes, through the real engine, so bench/engine-preview.sh can preview
 * it against crossarch's own program. Same SDK and stack-trace setting as infra/index.ts.
 */
import * as fs from "node:fs";
import { replay, type GraphNode } from "../graph";

Error.stackTraceLimit = Number(process.env.CROSSARCH_STACK_TRACE_LIMIT ?? 4);
replay(JSON.parse(fs.readFileSync(process.env.CROSSARCH_REPLAY_GRAPH ?? "", "utf8")) as GraphNode[]);
