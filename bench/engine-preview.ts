/**
 * The driver of bench/engine-preview.sh: alternates `pulumi preview --json` of crossarch's stack
 * and of the replayed graph, sampling the memory of each CLI's process tree, first from empty
 * stacks, then after an `up` of both (nothing changed); prints a table per phase with the medians
 * and the ratios, and destroys both stacks at the start and the end. Usage (from the script): tsx bench/engine-preview.ts <rounds>
 * <crossarch dir> <stack> <config file> <replay dir> <stack> <config file>
 */
import { spawn } from "node:child_process";
import * as fs from "node:fs";

interface Sample {
  ms: number;
  /** Peak of the CLI plus the Node.js program (language host and node), MiB. */
  cliProgramMiB: number;
  /** Peak of the resource providers' processes, MiB. */
  providersMiB: number;
  /** Resources in the preview's change summary (created, updated, same...). */
  steps: number;
}

const PAGE = 4096;

/** RSS in bytes by role of every process under `root`, read from /proc now. */
function treeRss(root: number): { cliProgram: number; providers: number } {
  const parent = new Map<number, number>();
  const rss = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" "); // after "pid (comm) "
      parent.set(Number(entry), Number(fields[1]));
      rss.set(Number(entry), Number(fields[21]) * PAGE);
    } catch {
      // the process ended between the listing and the read
    }
  }
  const inTree = (pid: number): boolean => {
    for (let p = pid, hops = 0; p > 1 && hops < 64; p = parent.get(p) ?? 0, hops++) if (p === root) return true;
    return false;
  };
  let cliProgram = 0;
  let providers = 0;
  for (const [pid, bytes] of rss) {
    if (!inTree(pid)) continue;
    const cmd = (() => {
      try {
        return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8");
      } catch {
        return ""; // ended meanwhile
      }
    })();
    if (/standin\.js|pulumi-resource-|pulumi-analyzer/.test(cmd)) providers += bytes;
    else cliProgram += bytes;
  }
  return { cliProgram, providers };
}

/** One project's stack, as the CLI runs it. */
interface Stack {
  dir: string;
  stack: string;
  config: string;
}

/** One `pulumi <args>` (with `preview --json`: its steps), its wall time and peak memory. */
function pulumi(on: Stack, args: string[]): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn("pulumi", [...args, "--non-interactive", "--stack", on.stack, "--config-file", on.config], {
      cwd: on.dir,
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    let peak = { cliProgram: 0, providers: 0 };
    const sampler = setInterval(() => {
      const now = treeRss(child.pid ?? -1);
      peak = { cliProgram: Math.max(peak.cliProgram, now.cliProgram), providers: Math.max(peak.providers, now.providers) };
    }, 50);
    const timer = setTimeout(() => child.kill("SIGKILL"), 300_000);
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      clearInterval(sampler);
      clearTimeout(timer);
      if (code !== 0)
        return reject(new Error(`pulumi ${args.join(" ")} of ${on.stack} exited ${code}:\n${err.slice(-3000)}${out.slice(-3000)}`));
      const summary = args.includes("--json") ? ((JSON.parse(out) as { changeSummary?: Record<string, number> }).changeSummary ?? {}) : {};
      const steps = Object.values(summary).reduce((a, b) => a + b, 0);
      resolve({ ms, cliProgramMiB: peak.cliProgram / 2 ** 20, providersMiB: peak.providers / 2 ** 20, steps });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Alternated previews of both stacks after a warm-up each: a table with medians and ratios. */
async function rounds(title: string, n: number, mine: Stack, replayed: Stack): Promise<string> {
  const preview = (on: Stack) => pulumi(on, ["preview", "--json"]);
  await preview(mine); // warm-up: plugins and the file system cache, for both
  await preview(replayed);
  const a: Sample[] = [];
  const b: Sample[] = [];
  for (let i = 0; i < n; i++) {
    const first = i % 2 === 0 ? mine : replayed; // alternate which goes first
    const x = await preview(first);
    const y = await preview(first === mine ? replayed : mine);
    a.push(first === mine ? x : y);
    b.push(first === mine ? y : x);
  }
  const [ms, rms] = [median(a.map((x) => x.ms)), median(b.map((x) => x.ms))];
  const [mem, rmem] = [median(a.map((x) => x.cliProgramMiB)), median(b.map((x) => x.cliProgramMiB))];
  return [
    `### ${title}`,
    "",
    "| round | crossarch s | replay s | crossarch CLI + program MiB | replay CLI + program MiB | providers MiB (crossarch / replay) |",
    "|---|---|---|---|---|---|",
    ...a.map(
      (x, i) =>
        `| ${i + 1} | ${(x.ms / 1000).toFixed(1)} | ${(b[i].ms / 1000).toFixed(1)} | ${x.cliProgramMiB.toFixed(0)} | ${b[i].cliProgramMiB.toFixed(0)} | ${x.providersMiB.toFixed(0)} / ${b[i].providersMiB.toFixed(0)} |`,
    ),
    `| **median** | **${(ms / 1000).toFixed(1)}** | **${(rms / 1000).toFixed(1)}** | **${mem.toFixed(0)}** | **${rmem.toFixed(0)}** | |`,
    "",
    `Resources previewed: crossarch ${a[0].steps}, replay ${b[0].steps}. crossarch / replay: wall **${(ms / rms).toFixed(2)}x**, peak memory of CLI + program **${(mem / rmem).toFixed(2)}x**.`,
    "",
  ].join("\n");
}

async function main(): Promise<void> {
  const [n, mineDir, mineStack, mineConfig, replayDir, replayStack, replayConfig] = process.argv.slice(2);
  const mine = { dir: mineDir, stack: mineStack, config: mineConfig };
  const replayed = { dir: replayDir, stack: replayStack, config: replayConfig };
  const both = async (args: string[]) => (await pulumi(mine, args), await pulumi(replayed, args));
  await both(["destroy", "--yes"]); // whatever an earlier run left
  process.stdout.write(await rounds("From an empty stack", Number(n), mine, replayed));
  await both(["up", "--yes", "--skip-preview"]);
  process.stdout.write(await rounds("After an up, nothing changed", Number(n), mine, replayed));
  await both(["destroy", "--yes"]);
}

void main().catch((e: Error) => {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
});
