/**
 * One verdict (issue 20, class 9): the offline plan (`npm run plan`, from the stack file) and the
 * program (what `pulumi up` runs) refuse every bad config of the corpus below with the same
 * keys, and the program registers nothing when it refuses.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { namespaceOf, problemsOf, type Tree } from "../helpers/config-cases";
import { registeredFor } from "../helpers/dev-run";
import { STACK_SECRETS } from "../helpers/stacks";
import { CASES } from "../helpers/config-error-cases";

/** The dev stack's secrets, set on a machine with `pulumi config set --secret`. */
const SECRETS = Object.keys(STACK_SECRETS.dev);

/** The keys of a refusal's lines (`crossarch:services[0].port`). */
const keysOf = (lines: readonly string[]) => [...new Set(lines.map((l) => l.split(": ")[0]))].sort();

describe("the plan and the program give one verdict", () => {
  it.each(CASES)("%s", async (_what, breakIt) => {
    const tree: Tree = namespaceOf("dev");
    breakIt(tree);
    const planned = keysOf(problemsOf(tree));
    expect(planned.length).toBeGreaterThan(0);
    const cwd = process.cwd();
    process.chdir(path.join(cwd, "infra"));
    let refused: string[] = [];
    try {
      const { recorded } = await registeredFor("dev", (flat) => {
        for (const k of Object.keys(flat)) if (k.startsWith("crossarch:") && !(k.slice(10) in tree) && !SECRETS.includes(k)) delete flat[k];
        for (const [k, v] of Object.entries(tree)) flat[`crossarch:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
      });
      expect(recorded, "the program accepted what the plan refused").toEqual([]);
    } catch (e) {
      refused = (e as Error).message
        .split("\n")
        .slice(1)
        .map((l) => l.trim())
        .filter(Boolean);
    } finally {
      process.chdir(cwd);
    }
    // the program sees this machine's secrets too: it may say more about them, and only about them
    const program = keysOf(refused);
    expect(program).toEqual(expect.arrayContaining(planned));
    expect(program.filter((k) => !planned.includes(k)).every((k) => SECRETS.includes(k))).toBe(true);
  });
});
