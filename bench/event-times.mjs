// Reads the engine log of a pulumi command run with `--logtostderr -v=7` and prints a Markdown
// row: the command's wall time, the time in image builds (the union of every docker-build
// resource's Check and step spans, which overlap) and the rest (the engine, the containers).
// Usage: node bench/event-times.mjs <log file> <step name> <wall seconds>
import * as fs from "node:fs";

const [, , file, step, wall] = process.argv;
const open = new Map();
const spans = [];
for (const line of fs.readFileSync(file, "utf8").split("\n")) {
  if (!line.startsWith("{") || !line.includes("docker-build:index:")) continue;
  let entry;
  try {
    entry = JSON.parse(line);
  } catch {
    continue;
  }
  const t = Date.parse(entry.time) / 1000;
  const msg = String(entry.msg);
  const key = /\.Check\((urn:[^)]+)\)/.exec(msg)?.[1] ?? /step \w+ on (urn:\S+)/.exec(msg)?.[1];
  if (!key) continue;
  const kind = msg.includes(".Check(") ? "check" : "step";
  if (/ executing | applying step /.test(msg)) open.set(`${kind} ${key}`, t);
  else if (/ success| retired| failed/.test(msg) && open.has(`${kind} ${key}`)) spans.push([open.get(`${kind} ${key}`), t]);
}
spans.sort((a, b) => a[0] - b[0]);
let builds = 0;
let end = -Infinity;
for (const [s, e] of spans) {
  if (s >= end) builds += e - s;
  else if (e > end) builds += e - end;
  end = Math.max(end, e);
}
const w = Number(wall);
console.log(`| ${step} | ${w.toFixed(1)} | ${builds.toFixed(1)} | ${(w - builds).toFixed(1)} |`);
