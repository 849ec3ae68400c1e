/** Runs the real Pulumi CLI against an e2e stack; every call is bounded in time. */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");

export interface CliResult {
  code: number;
  out: string;
}

/** The CLI bound to one stack and its machine copy of the stack file. */
export interface StackCli {
  /** `pulumi <args> --stack <stack> --config-file <file>`; gives up after `timeoutMs`; `input` goes to its stdin. */
  pulumi(args: string[], timeoutMs?: number, input?: string): CliResult;
  /** Like `pulumi`, but throws with the output when the command fails. */
  pulumiOk(args: string[], timeoutMs?: number, input?: string): string;
  /** A stack output as JSON. */
  output<T>(name: string): T;
  /** Start `pulumi <args>` without waiting: the test can watch the system meanwhile. */
  start(args: string[], timeoutMs?: number): { child: ChildProcess; done: Promise<CliResult> };
}

/**
 * What a failed run said, for an assertion message: every line that names an error (a rollout's
 * own error carries the new container's log lines after it, which would push it out of a tail),
 * then the output's last 3000 characters.
 */
export function failureOf(out: string): string {
  const errors = out.split("\n").filter((l) => /error|failed|rolled back/i.test(l));
  return `${errors.slice(0, 40).join("\n")}\n...\n${out.slice(-3000)}`;
}

export function stackCli(stack: string, configFile: string, env: NodeJS.ProcessEnv = {}): StackCli {
  const pulumi = (args: string[], timeoutMs = 600_000, input?: string): CliResult => {
    const withConfig = args[0] === "stack" ? [] : ["--config-file", configFile]; // `stack` commands take no config file
    const r = spawnSync("pulumi", [...args, "--stack", stack, ...withConfig, "--non-interactive"], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: timeoutMs,
      ...(input !== undefined && { input }),
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true", ...env },
    });
    return { code: r.status ?? -1, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
  };
  const pulumiOk = (args: string[], timeoutMs?: number, input?: string): string => {
    const r = pulumi(args, timeoutMs, input);
    if (r.code !== 0) throw new TypeError(`pulumi ${args.join(" ")} exited ${r.code}:\n${failureOf(r.out)}`);
    return r.out;
  };
  const start = (args: string[], timeoutMs = 600_000) => {
    const child = spawn("pulumi", [...args, "--stack", stack, "--config-file", configFile, "--non-interactive"], {
      cwd: ROOT,
      env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout?.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    const done = new Promise<CliResult>((resolve) =>
      child.on("close", (code) => {
        clearTimeout(timer);
        resolve({ code: code ?? -1, out });
      }),
    );
    return { child, done };
  };
  return {
    pulumi,
    pulumiOk,
    start,
    output: <T>(name: string) => JSON.parse(pulumiOk(["stack", "output", name, "--json", "--show-secrets=false"])) as T,
  };
}

const local = stackCli(process.env.CROSSARCH_E2E_STACK ?? "local-e2e", process.env.CROSSARCH_E2E_CONFIG ?? "");
export const { pulumi, pulumiOk, output, start } = local;

/** `docker <args>` with a bound. */
export function docker(args: string[], timeoutMs = 60_000): string {
  const r = spawnSync("/usr/bin/docker", args, { encoding: "utf8", timeout: timeoutMs });
  if (r.status !== 0) throw new TypeError(`docker ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r.stdout.trim();
}
