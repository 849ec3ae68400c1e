/**
 * `npm run plan [-- <stack>...]`: the deployment summary of the shipped stacks from their stack
 * files alone, with no cloud access and no Pulumi engine. Exits 1 when a stack's config is bad.
 */
import { ConfigError } from "../infra/config";
import { STACKS } from "../stacks/catalogue";
import { planOffline } from "./offline-plan";
import { PRICES } from "./prices";
import { StackFileError } from "../stacks/stack-file";
import { summarize } from "./summary";

const stacks = process.argv.slice(2).length > 0 ? process.argv.slice(2) : STACKS.map((s) => s.name);
const sections: string[] = ["# crossarch deployment plan", ""];
let failed = false;
for (const stack of stacks) {
  try {
    sections.push(summarize(planOffline(stack), PRICES), "");
  } catch (e) {
    if (!(e instanceof ConfigError) && !(e instanceof StackFileError)) throw e;
    failed = true;
    sections.push(`## Stack \`${stack}\`: config refused`, "", "```", e.message, "```", "");
  }
}
process.stdout.write(`${sections.join("\n")}\nPrices: ${PRICES.sources.join("; ")}.\n`);
process.exitCode = failed ? 1 : 0;
