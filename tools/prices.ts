/**
 * On-demand prices for the plan's cost estimate, dated: prices move, so every figure says when
 * it was read and where. Each kind ships its own table (`prices` in its module); a stack can
 * override any figure with `crossarch:prices.<key>`.
 */
import { targetKinds } from "@crossarch/components/model";

/** Prices in USD: each kind's table under its key (`fargate`, `aca`, `ociA1`). */
export interface PriceTable {
  /** When the figures were read. */
  asOf: string;
  byKey: Record<string, unknown>;
  sources: string[];
}

/** When the shipped tables were read (from ../shared/DESIGN.md, 2026-11). */
const AS_OF = "2026-11-23";

/** The tables of the registered kinds. */
export function shippedPrices(): PriceTable {
  const kinds = targetKinds().flatMap((k) => (k.prices ? [k.prices] : []));
  return { asOf: AS_OF, byKey: Object.fromEntries(kinds.map((p) => [p.key, p.table])), sources: kinds.map((p) => p.source) };
}

/** The table shipped with crossarch. */
export const PRICES: PriceTable = shippedPrices();

/** What a stack's `crossarch:prices` may override: `asOf`, and any figure of any kind's table. */
export type PriceOverrides = { asOf?: string } & Record<string, unknown>;

/** The table with a stack's overrides applied; an override without a date is marked as such. */
export function withOverrides(base: PriceTable, o: PriceOverrides | undefined): PriceTable {
  if (!o) return base;
  const byKey = { ...base.byKey };
  for (const k of targetKinds())
    if (k.prices && k.prices.key in byKey) byKey[k.prices.key] = k.prices.merge(byKey[k.prices.key], o[k.prices.key]);
  return {
    asOf: o.asOf ?? `${base.asOf} (with stack overrides)`,
    byKey,
    sources: [...base.sources, "overridden in the stack's crossarch:prices"],
  };
}
