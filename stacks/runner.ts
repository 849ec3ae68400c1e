/**
 * Preview or update stacks in order and report: an update stops at the first stack that fails
 * (the ones after it are reported as skipped), a preview covers every stack; each stack's changes
 * and policy results are collected.
 * The engine is injected: the Automation API in real runs (stacks/automation.ts), a fake in tests.
 */

/** A policy result the engine reported for one resource. */
export interface PolicyResult {
  policy: string;
  resource: string;
  message: string;
  level: string;
}

/** A resource the operation replaces (its type token and logical name). */
export interface Replaced {
  type: string;
  name: string;
}

/** What one preview or update of one stack gave. */
export interface StackOutcome {
  /** Operation counts, e.g. `{ create: 9 }` or `{ same: 9 }`. */
  changes: Record<string, number>;
  policies: PolicyResult[];
  /** Resources replaced (not updated in place). */
  replaced?: Replaced[];
}

/** Says what a replacement means for a stack's services: which restart, what data is lost. */
export type ReplacementExplainer = (stack: string, replaced: Replaced) => string | undefined;

/** Runs one operation on one stack; throws when it fails. */
export type StackEngine = (stack: string, operation: "preview" | "up") => Promise<StackOutcome>;

/** One stack's line of the report. */
export interface StackReport {
  stack: string;
  status: "ok" | "failed" | "skipped";
  outcome?: StackOutcome;
  error?: string;
}

/**
 * Run `operation` on `stacks` in order. An `up` stops at the first failure (later stacks build on
 * earlier ones); a preview changes nothing, so every stack is previewed and reported.
 */
export async function runStacks(stacks: readonly string[], operation: "preview" | "up", engine: StackEngine): Promise<StackReport[]> {
  const reports: StackReport[] = [];
  let failed = false;
  for (const stack of stacks) {
    if (failed && operation === "up") {
      reports.push({ stack, status: "skipped" });
      continue;
    }
    try {
      reports.push({ stack, status: "ok", outcome: await engine(stack, operation) });
    } catch (e) {
      failed = true;
      reports.push({ stack, status: "failed", error: e instanceof Error ? e.message : String(e) });
    }
  }
  return reports;
}

const changesText = (c: Record<string, number>) =>
  Object.entries(c)
    .filter(([, n]) => n > 0)
    .map(([op, n]) => `${n} ${op}`)
    .join(", ") || "no changes";

/** The run as Markdown: one row per stack, then every policy result. */
export function reportMarkdown(operation: string, reports: readonly StackReport[], explain?: ReplacementExplainer): string {
  const out = [`## ${operation} results`, "", "| stack | result | changes | policy violations |", "|---|---|---|---|"];
  for (const r of reports) {
    const mandatory = r.outcome?.policies.filter((p) => p.level === "mandatory").length ?? 0;
    const advisory = r.outcome?.policies.filter((p) => p.level === "advisory").length ?? 0;
    const result = r.status === "ok" ? "passed" : r.status === "failed" ? "**FAILED**" : "skipped (an earlier stack failed)";
    out.push(
      `| ${r.stack} | ${result} | ${r.outcome ? changesText(r.outcome.changes) : "-"} | ${r.outcome ? `${mandatory} mandatory, ${advisory} advisory` : "-"} |`,
    );
  }
  for (const r of reports) {
    if (r.error) out.push("", `**${r.stack} failed:**`, "", "```", r.error.trim().slice(-3000), "```");
    for (const p of r.outcome?.policies ?? []) out.push(`- ${r.stack}: \`${p.policy}\` (${p.level}) on ${p.resource}: ${p.message}`);
    for (const x of r.outcome?.replaced ?? []) {
      const meaning = explain?.(r.stack, x);
      if (meaning) out.push(`- ${r.stack}: **replaces** ${x.name}: ${meaning}`);
    }
  }
  return out.join("\n");
}
