import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.join(__dirname, "../..");

/** The package's sources (not its build output), relative to the repository: untracked new files count too. */
function componentFiles(dir = "components"): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return e.name === "dist" || e.name === "node_modules" ? [] : componentFiles(rel);
    return e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") ? [rel] : [];
  });
}

function parse(file: string, text = fs.readFileSync(path.join(ROOT, file), "utf8")): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
}

/** The doc comment TypeDoc shows for a declaration: the last JSDoc block right above it (a block above anything else is not its). */
function docOf(node: ts.Node): ts.JSDoc | undefined {
  return ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).at(-1);
}

function docText(doc: ts.JSDoc | undefined): string {
  return ts.getTextOfJSDocComment(doc?.comment)?.trim() ?? "";
}

function hasTag(doc: ts.JSDoc | undefined, name: string, content?: RegExp): boolean {
  return (doc?.tags ?? []).some((t) => t.tagName.text === name && (!content || content.test(ts.getTextOfJSDocComment(t.comment) ?? "")));
}

const isExported = (node: ts.Node) =>
  ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);

/** What the reference docs lack. */
interface Gaps {
  /** Exported classes without a doc comment, or without a `ts` code block under `@example`. */
  classes: string[];
  /** Args declarations and fields (nested object types included) without a doc comment. */
  fields: string[];
  /** Optional Args fields the code defaults (`args.x ?? value`) whose doc has no `@default`. */
  defaults: string[];
  /** The Args types checked. */
  args: string[];
}

/**
 * What the reference docs lack, read from the sources: every exported class needs a doc comment
 * with an `@example` code block; every Args type (named `...Args`, or a class constructor's `args`)
 * needs a doc comment on itself and on every field, nested object fields too; a field the code
 * gives a default (`args.x ?? ...`) needs `@default` in its doc.
 */
function docGaps(sources: readonly ts.SourceFile[]): Gaps {
  const gaps: Gaps = { classes: [], fields: [], defaults: [], args: [] };
  const interfaces = new Map<string, ts.InterfaceDeclaration>();
  const aliases = new Map<string, ts.TypeAliasDeclaration>();
  const argsNames = new Set<string>();
  const defaulted = new Set<string>();
  for (const source of sources) {
    const visit = (node: ts.Node): void => {
      if (ts.isInterfaceDeclaration(node)) interfaces.set(node.name.text, node);
      if (ts.isTypeAliasDeclaration(node)) aliases.set(node.name.text, node);
      if ((ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node)) && node.name.text.endsWith("Args"))
        argsNames.add(node.name.text);
      if (ts.isClassDeclaration(node) && node.name && isExported(node)) {
        const doc = docOf(node);
        if (!docText(doc) || !hasTag(doc, "example", /```ts/)) gaps.classes.push(`${source.fileName}: ${node.name.text}`);
        // the constructor's `args` type is an Args type, whatever its name
        const ctor = node.members.find(ts.isConstructorDeclaration);
        const type = ctor?.parameters[1]?.type;
        if (type && ts.isTypeReferenceNode(type)) argsNames.add(type.typeName.getText(source));
      }
      // `args.x ?? fallback` (or `<scope>.args.x ?? ...`): `x` has a default
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) {
        const left = node.left;
        if (ts.isPropertyAccessExpression(left)) {
          const owner = left.expression;
          const name = ts.isIdentifier(owner) ? owner.text : ts.isPropertyAccessExpression(owner) ? owner.name.text : "";
          if (name === "args") defaulted.add(left.name.text);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  const fileOf = (node: ts.Node) => node.getSourceFile().fileName;
  const argsFields = new Map<string, { label: string; doc: ts.JSDoc | undefined }[]>();

  /** Check the members of an object type, and object types nested in their types (not in function types: parameters are not documented). */
  const checkMembers = (members: readonly ts.TypeElement[], label: string, top: string | undefined, keep = (_: string) => true) => {
    for (const m of members) {
      if (!ts.isPropertySignature(m) && !ts.isMethodSignature(m)) continue;
      const name = m.name.getText();
      if (!keep(name)) continue;
      const doc = docOf(m);
      if (!docText(doc)) gaps.fields.push(`${fileOf(m)}: ${label}.${name}`);
      if (top && m.questionToken) argsFields.set(name, [...(argsFields.get(name) ?? []), { label: `${fileOf(m)}: ${label}.${name}`, doc }]);
      if (ts.isPropertySignature(m) && m.type) checkNested(m.type, `${label}.${name}`);
    }
  };
  const checkNested = (type: ts.Node, label: string): void => {
    if (ts.isFunctionTypeNode(type) || ts.isConstructorTypeNode(type)) return;
    if (ts.isTypeLiteralNode(type)) return checkMembers(type.members, label, undefined);
    ts.forEachChild(type, (child) => checkNested(child, label));
  };
  /** The fields of a named interface (through `Omit`/`Pick`/`Partial`), as an Args type's. */
  const checkReferenced = (type: ts.TypeNode | ts.ExpressionWithTypeArguments, label: string): void => {
    if (!ts.isTypeReferenceNode(type) && !ts.isExpressionWithTypeArguments(type)) return;
    const name = ts.isTypeReferenceNode(type) ? type.typeName.getText() : type.expression.getText();
    const [inner, keys] = type.typeArguments ?? [];
    const literals = (t: ts.TypeNode | undefined) =>
      !t
        ? []
        : (ts.isUnionTypeNode(t) ? t.types : [t]).flatMap((u) =>
            ts.isLiteralTypeNode(u) && ts.isStringLiteral(u.literal) ? [u.literal.text] : [],
          );
    if (["Omit", "Pick", "Partial", "Required", "Readonly"].includes(name) && inner) {
      const listed = literals(keys);
      const keep = name === "Omit" ? (k: string) => !listed.includes(k) : name === "Pick" ? (k: string) => listed.includes(k) : () => true;
      const target = ts.isTypeReferenceNode(inner) ? interfaces.get(inner.typeName.getText()) : undefined;
      if (target) checkMembers(target.members, `${label} (${target.name.text})`, label, keep);
      return;
    }
    const target = interfaces.get(name);
    if (target) checkMembers(target.members, `${label} (${name})`, label);
  };

  for (const name of argsNames) {
    const decl = interfaces.get(name) ?? aliases.get(name);
    if (!decl) continue;
    gaps.args.push(name);
    if (!docText(docOf(decl))) gaps.fields.push(`${fileOf(decl)}: ${name} (the declaration)`);
    if (ts.isInterfaceDeclaration(decl)) {
      checkMembers(decl.members, name, name);
      for (const clause of decl.heritageClauses ?? []) for (const t of clause.types) checkReferenced(t, name);
    } else {
      const parts = ts.isIntersectionTypeNode(decl.type) ? decl.type.types : [decl.type];
      for (const part of parts) {
        if (ts.isTypeLiteralNode(part)) checkMembers(part.members, name, name);
        else if (ts.isMappedTypeNode(part)) {
          const constraint = part.typeParameter.constraint;
          if (constraint && ts.isTypeOperatorNode(constraint) && constraint.operator === ts.SyntaxKind.KeyOfKeyword)
            checkReferenced(constraint.type, name);
        } else checkReferenced(part, name);
      }
    }
  }
  for (const field of defaulted) for (const f of argsFields.get(field) ?? []) if (!hasTag(f.doc, "default")) gaps.defaults.push(f.label);
  return gaps;
}

describe("the components' reference docs", () => {
  const sources = componentFiles().map((f) => parse(f));
  const gaps = docGaps(sources);

  it("document every exported class, with an @example (TypeDoc renders the comment right above the class)", () => {
    expect(sources.length).toBeGreaterThan(60);
    expect(gaps.classes).toEqual([]);
  });

  it("document every Args type and each of its fields, nested object fields too", () => {
    expect(gaps.args).toEqual(
      expect.arrayContaining(["AcaTargetArgs", "FargateTargetArgs", "LocalTargetArgs", "LocalContainerArgs", "ReleaseTagArgs"]),
    );
    expect(gaps.fields).toEqual([]);
  });

  it("give @default for every Args field the code defaults (`args.x ?? value`)", () => {
    expect(gaps.defaults).toEqual([]);
  });

  it("find the gaps they guard against: a misplaced class doc, an undocumented field, a default without @default", () => {
    const fixture = parse(
      "fixture.ts",
      `/** Widget inputs. */
export interface WidgetArgs {
  /** Days. */
  days?: number;
  size: number;
  /** Where. */
  place: { region: string };
}
/** Settings of a gadget. */
export interface GadgetSpec {
  /** Its name. */
  name: string;
  color: string;
}
/** Gadget inputs. */
export type GadgetArgs = { [K in keyof Omit<GadgetSpec, "color">]: K };
export type BareArgs = { [K in keyof GadgetSpec]: K };
/**
 * A widget.
 *
 * @example
 * \`\`\`ts
 * new Widget("w", { size: 1, place: { region: "eu" } });
 * \`\`\`
 */
/** The widget's helper (the class doc above is not the class's). */
export function helper(): void {}
export class Widget {
  constructor(name: string, args: WidgetArgs) {
    void (args.days ?? 30);
  }
}
/** A gadget, without an example. */
export class Gadget {
  constructor(name: string, args: GadgetArgs) {}
}`,
    );
    expect(docGaps([fixture])).toEqual({
      classes: ["fixture.ts: Widget", "fixture.ts: Gadget"],
      fields: [
        "fixture.ts: WidgetArgs.size",
        "fixture.ts: WidgetArgs.place.region",
        "fixture.ts: BareArgs (the declaration)",
        "fixture.ts: BareArgs (GadgetSpec).color",
      ],
      defaults: ["fixture.ts: WidgetArgs.days"],
      args: ["WidgetArgs", "GadgetArgs", "BareArgs"],
    });
  });
});
