/** Runs the real Pulumi CLI against the e2e stack; every call is bounded in time. */
import { spawnSync } from "node:child_process";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "../..");
export const STACK = process.env.CROSSARCH_E2E_STACK ?? "local-e2e";
export const CONFIG_FILE = process.env.CROSSARCH_E2E_CONFIG ?? "";

export interface CliResult {
  code: number;
  out: string;
}

/** `pulumi <args> --stack <e2e> --config-file <e2e>`; gives up after `timeoutMs`. */
export function pulumi(args: string[], timeoutMs = 600_000): CliResult {
  const withConfig = args[0] === "stack" ? [] : ["--config-file", CONFIG_FILE]; // `stack` commands take no config file
  const r = spawnSync("pulumi", [...args, "--stack", STACK, ...withConfig, "--non-interactive"], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: timeoutMs,
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  return { code: r.status ?? -1, out: `${r.stdout ?? ""}${r.stderr ?? ""}` };
}

/** Like `pulumi`, but fails the test with the output when the command fails. */
export function pulumiOk(args: string[], timeoutMs?: number): string {
  const r = pulumi(args, timeoutMs);
  if (r.code !== 0) throw new TypeError(`pulumi ${args.join(" ")} exited ${r.code}:\n${r.out.slice(-4000)}`);
  return r.out;
}

/** A stack output as JSON. */
export function output<T>(name: string): T {
  return JSON.parse(pulumiOk(["stack", "output", name, "--json"])) as T;
}

/** `docker <args>` with a bound. */
export function docker(args: string[], timeoutMs = 60_000): string {
  const r = spawnSync("/usr/bin/docker", args, { encoding: "utf8", timeout: timeoutMs });
  if (r.status !== 0) throw new TypeError(`docker ${args.join(" ")} exited ${r.status}: ${r.stderr}`);
  return r.stdout.trim();
}
