/**
 * `npm run import -- compose [-f] <file>... [--stack NAME] [--target local|aca|fargate]
 * [--env-file F]... [--profile P]... [--allow-partial] [--out FILE]`: a compose project as a
 * crossarch stack file. Writes `Pulumi.<stack>.yaml` (checked by the config layer first), prints
 * what was not mapped and why, the secrets to set, and the plan. Exits 1 when something
 * essential was dropped (unless --allow-partial) or the result does not pass the checks.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { ConfigError } from "../infra/config";
import { ComposeLoadError } from "./compose/load";
import { importCompose } from "./compose/import";
import { PRICES } from "./prices";
import { importKinds } from "./compose/sizes";
import { PROJECT_ROOT } from "../stacks/stack-file";
import { summarize } from "./summary";

function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      file: { type: "string", short: "f", multiple: true },
      stack: { type: "string" },
      target: { type: "string", default: "local" },
      "env-file": { type: "string", multiple: true },
      profile: { type: "string", multiple: true },
      "allow-partial": { type: "boolean", default: false },
      out: { type: "string" },
      location: { type: "string" },
      region: { type: "string" },
      "base-port": { type: "string" },
    },
  });
  const [what, ...rest] = positionals;
  const files = [...(values.file ?? []), ...rest];
  if (what !== "compose" || files.length === 0) {
    process.stderr.write(
      "usage: npm run import -- compose <docker-compose.yml>... [--stack NAME] [--target local|aca|fargate] [--env-file F] [--profile P] [--allow-partial]\n",
    );
    return 2;
  }
  const kind = values.target as string;
  if (!importKinds().includes(kind)) {
    process.stderr.write(
      `--target ${kind}: the import writes ${importKinds().join(", ")} targets (add the others by hand: an OCI target needs a compartment and an availability domain)\n`,
    );
    return 2;
  }
  const stack = values.stack ?? "imported";
  try {
    const result = importCompose(files, {
      stack,
      kind,
      projectRoot: PROJECT_ROOT,
      ...(values["env-file"] && { envFiles: values["env-file"] }),
      ...(values.profile && { profiles: values.profile }),
      ...(values.location && { location: values.location }),
      ...(values.region && { region: values.region }),
      ...(values["base-port"] && { basePort: Number(values["base-port"]) }),
    });
    const out: string[] = [];
    if (result.dropped.length > 0) {
      out.push("Not mapped (service, compose key, why):");
      for (const d of result.dropped) out.push(`  ${d.essential ? "ESSENTIAL " : ""}${d.service}: ${d.key}: ${d.why}`);
    }
    if (result.notes.length > 0) out.push("Check these:", ...result.notes.map((n) => `  ${n}`));
    const essential = result.dropped.filter((d) => d.essential);
    if (essential.length > 0 && !values["allow-partial"]) {
      out.push(
        `${essential.length} essential key(s) could not be mapped; nothing written. Give --allow-partial to write the stack without them.`,
      );
      process.stdout.write(`${out.join("\n")}\n`);
      return 1;
    }
    const file = values.out ?? path.join(PROJECT_ROOT, `Pulumi.${stack}.yaml`);
    fs.writeFileSync(file, result.stackFile);
    out.push(`Wrote ${path.relative(process.cwd(), file) || file}.`);
    if (result.secrets.length > 0) {
      out.push("Set these secrets before `pulumi up` (each prompts for its value; none is in the stack file):");
      for (const s of result.secrets)
        out.push(`  pulumi config set --secret --stack ${stack} crossarch:${s.key}   # ${s.usedBy.join(", ")}; compose had ${s.from}`);
    }
    out.push("", summarize(result.plan, PRICES));
    process.stdout.write(`${out.join("\n")}\n`);
    return 0;
  } catch (e) {
    if (e instanceof ComposeLoadError || e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
