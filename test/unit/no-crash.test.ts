/**
 * No stack file crashes (issue 20, class 1), however malformed: random edits of the shipped stack
 * files, at the level of their text and at the level of the config values the CLI hands to the
 * program, get a refusal that names the file or the key (StackFileError or ConfigError) or a
 * plan. Never a TypeError or any other exception with a stack trace. The seeds are fixed, so a
 * failure is reproducible; fast-check prints the smallest input it found.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../infra/config";
import { planOffline } from "../../tools/offline-plan";
import { StackFileError } from "../../stacks/stack-file";
import { namespaceOf, plan, type Tree } from "../helpers/config-cases";
import { registeredFor } from "../helpers/dev-run";
import { ROOT } from "../helpers/stack-files";

const STACKS = ["dev", "local", "prod"] as const;

/** What a refusal may be: the loader's or the config layer's own, never another error. */
function expectCleanVerdict(run: () => unknown): void {
  try {
    run();
  } catch (e) {
    if (e instanceof ConfigError || e instanceof StackFileError) {
      expect(e.message.split("\n").length).toBeGreaterThan(0);
      expect(e.message).not.toMatch(/\n\s+at /); // no stack frames in what the user reads
      return;
    }
    throw e;
  }
}

/** One edit of a stack file's text: what a hand, a merge or an editor does to YAML. */
const textEdit = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.constantFrom(
      "\t",
      ":",
      "- ",
      "  ",
      "\n",
      '"',
      "'",
      "{",
      "[",
      "]",
      "}",
      "&a",
      "*a",
      "!!str ",
      "#",
      "~",
      "0x",
      "secure: ",
      "---\n",
    ),
  }),
  fc.record({ kind: fc.constant("dupLine" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("dropLine" as const), at: fc.nat() }),
);

type TextEdit = typeof textEdit extends fc.Arbitrary<infer T> ? T : never;

function applyEdits(text: string, edits: TextEdit[]): string {
  let t = text;
  for (const e of edits) {
    const lines = t.split("\n");
    if (e.kind === "delete") {
      const at = e.at % Math.max(1, t.length);
      t = t.slice(0, at) + t.slice(at + e.length);
    } else if (e.kind === "insert") {
      const at = e.at % Math.max(1, t.length);
      t = t.slice(0, at) + e.text + t.slice(at);
    } else {
      const i = e.at % lines.length;
      if (e.kind === "dupLine") lines.splice(i, 0, lines[i]);
      else lines.splice(i, 1);
      t = lines.join("\n");
    }
  }
  return t;
}

describe("no stack file crashes the plan", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "crossarch-fuzz-"));
  const file = path.join(dir, "Pulumi.fuzz.yaml");

  it.each(STACKS)("random edits of Pulumi.%s.yaml's text give a refusal by file and line, by key, or a plan", (stack) => {
    const text = fs.readFileSync(path.join(ROOT, `Pulumi.${stack}.yaml`), "utf8");
    fc.assert(
      fc.property(fc.array(textEdit, { minLength: 1, maxLength: 4 }), (edits) => {
        fs.writeFileSync(file, applyEdits(text, edits));
        expectCleanVerdict(() => planOffline(stack, { configFile: file }));
      }),
      { numRuns: 150, seed: 20 },
    );
  });

  it.each([
    ["an empty file", ""],
    ["only a comment", "# nothing yet\n"],
    ["a scalar", "shop\n"],
    ["a list", "- crossarch:app: shop\n"],
    ["config: null", "config:\n"],
    ["config as text", "config: shop\n"],
    ["binary garbage", "\u0000\u0001\u00ff\ufffe"],
    ["a BOM and tabs", "\ufeffconfig:\n\tcrossarch:app: shop\n"],
    ["an unterminated quote", 'config:\n  crossarch:app: "shop\n'],
    ["an alias to nothing", "config:\n  crossarch:app: *nothing\n"],
    [
      "an alias bomb",
      "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nconfig:\n  crossarch:app: [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n",
    ],
    ["two documents", "config:\n  crossarch:app: shop\n---\nconfig: {}\n"],
  ])("%s", (_what, text) => {
    fs.writeFileSync(file, text);
    let error: unknown;
    try {
      planOffline("dev", { configFile: file });
    } catch (e) {
      error = e;
    }
    expect(error, "a stack file like this is never a plan").toBeDefined();
    expect(error instanceof ConfigError || error instanceof StackFileError, String(error)).toBe(true);
    if (error instanceof StackFileError) expect((error as Error).message).toContain(file);
  });
});

/** A path into a tree and a value to put there (or delete). */
function paths(tree: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(tree)) return [prefix, ...tree.flatMap((v, i) => paths(v, [...prefix, i]))];
  if (typeof tree === "object" && tree !== null) return [prefix, ...Object.entries(tree).flatMap(([k, v]) => paths(v, [...prefix, k]))];
  return [prefix];
}

function put(tree: Tree, at: (string | number)[], value: unknown): void {
  if (at.length === 0) return;
  let node = tree as Record<string | number, unknown>;
  for (const k of at.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = at[at.length - 1];
  if (value === undefined) {
    if (Array.isArray(node) && typeof last === "number") node.splice(last, 1);
    else delete node[last];
  } else node[last] = value;
}

/** Values the CLI can hand over for a key: any JSON, with the odd ones config files produce. */
const anyValue = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  fc.constantFrom(
    undefined,
    null,
    "",
    " ",
    "0",
    -1,
    0,
    1.5,
    Number.MAX_VALUE * 2,
    "NaN",
    "[secret]",
    {},
    [],
    { secure: "v1:abc" },
    "__proto__",
  ),
);

describe("no config value crashes the plan or the program", () => {
  it.each(STACKS)("random values anywhere in %s's namespace give a refusal by key, or a plan", (stack) => {
    const base = namespaceOf(stack);
    const all = paths(base).filter((p) => p.length > 0);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(), anyValue), { minLength: 1, maxLength: 3 }), (edits) => {
        const tree = structuredClone(base);
        for (const [i, value] of edits) {
          const at = all[i % all.length];
          try {
            put(tree, at, value);
          } catch {
            // an earlier edit removed the parent of this path
          }
        }
        expectCleanVerdict(() => plan(tree, stack));
      }),
      { numRuns: 400, seed: 20 },
    );
  });

  it("the program under mocks refuses the same random values by key, having registered nothing", async () => {
    const base = namespaceOf("dev");
    const all = paths(base).filter((p) => p.length > 0);
    const samples = fc.sample(fc.tuple(fc.nat(), anyValue), { numRuns: 25, seed: 20 });
    const cwd = process.cwd();
    process.chdir(path.join(cwd, "infra"));
    try {
      for (const [i, value] of samples) {
        const tree = structuredClone(base);
        put(tree, all[i % all.length], value);
        let refused: unknown;
        const run = registeredFor("dev", (flat) => {
          for (const k of Object.keys(flat))
            if (k.startsWith("crossarch:") && !(k.slice(10) in tree) && k !== "crossarch:dbPassword") delete flat[k];
          for (const [k, v] of Object.entries(tree)) flat[`crossarch:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
        }).catch((e: unknown) => (refused = e));
        await run;
        if (refused === undefined) continue; // the value was legal there
        expect(refused instanceof ConfigError, `${JSON.stringify(value)} at ${all[i % all.length].join(".")}: ${String(refused)}`).toBe(
          true,
        );
      }
    } finally {
      process.chdir(cwd);
    }
  }, 60_000);
});
