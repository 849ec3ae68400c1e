/**
 * The folders show the architecture (issue 26): imports point down (tools and stacks -> infra ->
 * components), the neutral model imports no kind, no kind imports another, infra/ uses the
 * components as a user would (through the package's entries), and no module is part of an
 * import cycle. Static imports count; `import type` is erased, and a kind's `load()` imports its
 * deployer lazily (`import()`), after every module has loaded.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.join(__dirname, "../..");
const FOLDERS = ["components", "infra", "tools", "stacks"];
const KIND_FOLDERS = ["aws", "azure", "oci", "local"];

function sources(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === "dist" || e.name === "node_modules" ? [] : sources(rel);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [rel] : [];
  });
}

/** The project files a file imports at load time. */
function importsOf(file: string, known: Set<string>): string[] {
  const text = fs.readFileSync(path.join(ROOT, file), "utf8");
  const specs = [
    ...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^;]*?\sfrom\s+)?["']([^"']+)["']/gms),
    ...text.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => m[1]);
  return specs.flatMap((spec) => {
    const target = spec.startsWith("@crossarch/components/")
      ? path.join("components/entries", spec.slice("@crossarch/components/".length))
      : spec.startsWith(".")
        ? path.join(path.dirname(file), spec)
        : undefined;
    if (target === undefined) return [];
    const found = [`${target}.ts`, path.join(target, "index.ts")].find((c) => known.has(c));
    return found ? [found] : [];
  });
}

const files = FOLDERS.flatMap(sources);
const known = new Set(files);
const graph = new Map(files.map((f) => [f, importsOf(f, known)]));

/** Strongly connected components of more than one module (Tarjan). */
function cycles(): string[][] {
  let index = 0;
  const stack: string[] = [];
  const info = new Map<string, { index: number; low: number; on: boolean }>();
  const out: string[][] = [];
  const visit = (v: string) => {
    info.set(v, { index, low: index, on: true });
    index++;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!info.has(w)) {
        visit(w);
        info.get(v)!.low = Math.min(info.get(v)!.low, info.get(w)!.low);
      } else if (info.get(w)!.on) info.get(v)!.low = Math.min(info.get(v)!.low, info.get(w)!.index);
    }
    if (info.get(v)!.low === info.get(v)!.index) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        info.get(w)!.on = false;
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const f of files) if (!info.has(f)) visit(f);
  return out;
}

const edges = [...graph].flatMap(([from, tos]) => tos.map((to) => [from, to] as const));
const folderOf = (f: string, depth = 1) => f.split(path.sep).slice(0, depth).join("/");

describe("the import graph", () => {
  it("reads the project's modules and their imports", () => {
    expect(files.length).toBeGreaterThan(100);
    expect(graph.get("infra/program.ts")).toContain("infra/config.ts");
  });

  it("has no cycle", () => {
    expect(cycles()).toEqual([]);
  });

  it("points down: components import nothing of infra, tools or stacks; infra nothing of tools or stacks", () => {
    const up = edges.filter(
      ([from, to]) =>
        (folderOf(from) === "components" && folderOf(to) !== "components") ||
        (folderOf(from) === "infra" && ["tools", "stacks"].includes(folderOf(to))),
    );
    expect(up).toEqual([]);
  });

  it("infra/ uses the components through the package's entries, as a user would", () => {
    expect(
      edges.filter(([from, to]) => folderOf(from) === "infra" && folderOf(to) === "components" && !to.startsWith("components/entries/")),
    ).toEqual([]);
  });

  it("the neutral model imports no kind, and no kind imports another", () => {
    const kindOfFile = (f: string) =>
      KIND_FOLDERS.includes(f.split(path.sep)[1]) && f.startsWith("components") ? f.split(path.sep)[1] : undefined;
    expect(edges.filter(([from, to]) => folderOf(from, 2) === "components/model" && kindOfFile(to))).toEqual([]);
    expect(edges.filter(([from, to]) => kindOfFile(from) && kindOfFile(to) && kindOfFile(from) !== kindOfFile(to))).toEqual([]);
  });
});
