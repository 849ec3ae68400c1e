// Reads the engine events `pulumi up --json` streams (one JSON object a line) and prints JSON: the
// wall time of the whole operation and of the image builds (the union of the docker-build
// Image/Index steps, which overlap). Output without an event stream (a preview) gives NaN.
// Usage: node bench/event-times.mjs <file> <step name> <wall seconds>: prints a Markdown table row.
import * as fs from "node:fs";

const parse = (line) => {
  try {
    return [JSON.parse(line)];
  } catch {
    return [];
  }
};
const events = fs
  .readFileSync(process.argv[2], "utf8")
  .split("\n")
  .filter((l) => l.startsWith("{") && l.endsWith("}"))
  .flatMap(parse)
  .filter((e) => typeof e.timestamp === "number");
const [, , , step, wall] = process.argv;
if (events.length === 0) {
  console.log(`| ${step} | ${Number(wall).toFixed(1)} | - | - |`);
  process.exit(0);
}
const start = new Map();
const spans = [];
for (const e of events) {
  const meta = e.resourcePreEvent?.metadata ?? e.resOutputsEvent?.metadata ?? e.resOpFailedEvent?.metadata;
  if (!meta || !String(meta.type).startsWith("docker-build:")) continue;
  if (e.resourcePreEvent) start.set(meta.urn, e.timestamp);
  else if (start.has(meta.urn)) spans.push([start.get(meta.urn), e.timestamp]);
}
spans.sort((a, b) => a[0] - b[0]);
let builds = 0;
let end = -Infinity;
for (const [s, e] of spans) {
  if (s > end) {
    builds += e - s;
    end = e;
  } else if (e > end) {
    builds += e - end;
    end = e;
  }
}
const stamps = events.map((e) => e.timestamp).filter((t) => typeof t === "number");
const total = Math.max(...stamps) - Math.min(...stamps);
console.log(`| ${step} | ${Number(wall).toFixed(1)} | ${builds.toFixed(0)} | ${(total - builds).toFixed(0)} |`);
