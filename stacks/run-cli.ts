/**
 * `npm run stacks -- <preview|up> [stack...]`: preview or update the stacks in order with the
 * policy pack through the Automation API, and print one Markdown summary (the plan, then the
 * results). Stops at the first failing stack; exits 1 when one failed.
 * Env: CROSSARCH_POLICY_PACK (default policy), CROSSARCH_CONFIG_FILE_<STACK> (a stack file copy).
 */
import { automationEngine } from "./automation";
import { STACKS } from "./catalogue";
import { PRICES } from "../tools/prices";
import { reportMarkdown, runStacks } from "./runner";
import { planOffline } from "../tools/offline-plan";
import { PROJECT_ROOT } from "./stack-file";
import { explainReplacement, summarize } from "../tools/summary";
import type { StackPlan } from "../infra/plan";

async function main(): Promise<void> {
  const [operation, ...named] = process.argv.slice(2);
  if (operation !== "preview" && operation !== "up") {
    process.stderr.write("usage: npm run stacks -- <preview|up> [stack...]\n");
    process.exitCode = 2;
    return;
  }
  const stacks = named.length > 0 ? named : STACKS.map((s) => s.name);
  const configFiles = Object.fromEntries(
    stacks.flatMap((s) =>
      process.env[`CROSSARCH_CONFIG_FILE_${s.toUpperCase().replace(/-/g, "_")}`]
        ? [[s, process.env[`CROSSARCH_CONFIG_FILE_${s.toUpperCase().replace(/-/g, "_")}`] as string]]
        : [],
    ),
  );
  const planned: Record<string, StackPlan> = {};
  const plans = stacks.map((stack) => {
    try {
      planned[stack] = planOffline(stack, { ...(configFiles[stack] && { configFile: configFiles[stack] }) });
      return summarize(planned[stack], PRICES);
    } catch (e) {
      return `## Stack \`${stack}\`\n\n${(e as Error).message}`;
    }
  });
  const engine = automationEngine({ workDir: PROJECT_ROOT, policyPack: process.env.CROSSARCH_POLICY_PACK ?? "policy", configFiles });
  const reports = await runStacks(stacks, operation, engine);
  process.stdout.write(
    `# crossarch ${operation}\n\n${reportMarkdown(operation, reports, (stack, replaced) => planned[stack] && explainReplacement(planned[stack], replaced))}\n\n${plans.join("\n\n")}\n`,
  );
  process.exitCode = reports.some((r) => r.status === "failed") ? 1 : 0;
}

void main();
