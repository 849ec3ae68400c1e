/**
 * The target kinds crossarch ships, listed once. Everything that handles a kind (the stack
 * config's schema and checks, the plan, its summary and costs, the compose importer, the docs
 * tables, the every-key test) reads this list; a kind's facts live in its own folder
 * (`components/<kind>/kind.ts`). Adding a kind: a folder, and a line here.
 */
import { fargateKind } from "./aws/kind";
import { acaKind } from "./azure/kind";
import { localKind } from "./local/kind";
import type { TargetKindModule } from "./model/kind";
import { ociKind } from "./oci/kind";

/** The shipped kinds, in the order tables list them. */
export const SHIPPED_KINDS = [acaKind, fargateKind, ociKind, localKind] as const;

/** Where a service can run: the kind names of the shipped kinds. */
export type TargetKind = (typeof SHIPPED_KINDS)[number]["kind"];

/** The config of one target of a shipped kind. */
export type TargetConfig = {
  [I in keyof typeof SHIPPED_KINDS]: (typeof SHIPPED_KINDS)[I] extends TargetKindModule<string, infer C> ? C : never;
}[number];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyKind = TargetKindModule<string, any, any>;

const registered: AnyKind[] = [...SHIPPED_KINDS];
let version = 0;

/** Every registered kind: the shipped ones, then any a program or test registered. */
export function targetKinds(): readonly AnyKind[] {
  return registered;
}

/** Bumped by every registration: caches built from the list (the config schema) rebuild when it moves. */
export function kindsVersion(): number {
  return version;
}

/**
 * Register another kind (a fixture in tests, or a kind a program brings). Its name must be new;
 * from then on the schema, the checks, the plan, the summary and the costs handle it.
 */
export function registerKind(kind: AnyKind): void {
  if (registered.some((k) => k.kind === kind.kind)) throw new TypeError(`target kind ${JSON.stringify(kind.kind)} is registered already`);
  registered.push(kind);
  version++;
}

/** Remove a kind registered with {@link registerKind} (tests clean up with it); shipped kinds stay. */
export function unregisterKind(name: string): void {
  const i = registered.findIndex((k) => k.kind === name);
  if (i >= SHIPPED_KINDS.length) {
    registered.splice(i, 1);
    version++;
  }
}

/** The module of a kind by name. */
export function kindOf(name: string): AnyKind {
  const kind = registered.find((k) => k.kind === name);
  if (!kind)
    throw new TypeError(`no target kind ${JSON.stringify(name)} is registered; kinds: ${registered.map((k) => k.kind).join(", ")}`);
  return kind;
}
