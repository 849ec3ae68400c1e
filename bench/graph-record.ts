/**
 * Records the exact resource graph crossarch registers under mocks (issue 18): type, name,
 * custom or component, parent, explicit provider, plugin version, secret inputs and resolved
 * inputs, in registration order; `replay` in ./graph registers it again as a flat program.
 * Run alone: tsx bench/graph-record.ts <stack> <file> writes a shipped stack's graph (its
 * config as the CLI reads it, with the secrets a user would set).
 */
import * as fs from "node:fs";
import { specialSecretSig } from "@pulumi/pulumi/runtime/rpc";
import { program } from "../infra/program";
import { mockStack, settle } from "../test/helpers/mocks";
import { OFFLINE, runnableConfig } from "../test/helpers/stacks";
import type { GraphNode } from "./graph";

/** The mock monitor's class: its registerResource sees each request's parent, provider, version and secrets (mocks do not). */
const { MockMonitor } = require("@pulumi/pulumi/runtime/mocks") as { MockMonitor: { prototype: Record<string, Function> } }; // eslint-disable-line @typescript-eslint/no-require-imports, @typescript-eslint/no-unsafe-function-type

/** True when a request's property holds the SDK's marker of a secret value anywhere inside. */
const holdsSecret = (v: unknown): boolean =>
  typeof v === "object" && v !== null && Object.values(v).some((x) => x === specialSecretSig || holdsSecret(x));

/** `type::name` of a URN (and of a provider reference, `urn::id`). */
const keyOfUrn = (urn: string) => {
  const parts = urn.split("::");
  return `${parts[2].split("$").pop()}::${parts[3]}`;
};

interface Request {
  getType(): string;
  getName(): string;
  getParent(): string;
  getProvider(): string;
  getVersion(): string;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

/** Evaluate crossarch on `config` under mocks and record the graph it registers, in registration order. */
export async function record(stack: string, config: Record<string, string>): Promise<GraphNode[]> {
  const seen = new Map<string, { parent: string; provider: string; version: string; secrets: string[] }>();
  const original = MockMonitor.prototype.registerResource;
  MockMonitor.prototype.registerResource = function (this: unknown, req: Request, cb: unknown) {
    const parent = req.getParent();
    const object = req.getObject()?.toJavaScript() ?? {};
    seen.set(`${req.getType()}::${req.getName()}`, {
      parent: parent && !parent.includes("::pulumi:pulumi:Stack::") ? keyOfUrn(parent) : "",
      provider: req.getProvider() ? keyOfUrn(req.getProvider()) : "",
      version: req.getVersion(),
      secrets: Object.keys(object).filter((k) => holdsSecret({ k: object[k] })),
    });
    return original.call(this, req, cb);
  };
  const recorded = await mockStack(stack, config);
  await program(OFFLINE);
  await settle();
  MockMonitor.prototype.registerResource = original;
  const index = new Map(recorded.map((r, i) => [`${r.type}::${r.name}`, i]));
  return recorded.map((r) => {
    const request = seen.get(`${r.type}::${r.name}`);
    return {
      type: r.type,
      name: r.name,
      custom: r.custom,
      parent: index.get(request?.parent ?? "") ?? -1,
      provider: index.get(request?.provider ?? "") ?? -1,
      version: request?.version ?? "",
      secrets: request?.secrets ?? [],
      inputs: r.inputs,
    };
  });
}

if (require.main === module) {
  void record(process.argv[2], runnableConfig(process.argv[2])).then((graph) => {
    fs.writeFileSync(process.argv[3], JSON.stringify(graph));
    process.stdout.write(`${JSON.stringify({ stack: process.argv[2], resources: graph.length })}\n`);
  });
}
