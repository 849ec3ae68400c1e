/**
 * On-demand prices for the plan's cost estimate, dated: prices move, so every figure says when
 * it was read and where. A stack can override any of them with `crossarch:prices`.
 */

/** Prices in USD. */
export interface PriceTable {
  /** When the figures were read. */
  asOf: string;
  fargate: Record<"amd64" | "arm64", { vcpuHour: number; gbHour: number }>;
  aca: { vcpuSecond: number; gibSecond: number; freeVcpuSeconds: number; freeGibSeconds: number };
  ociA1: { ocpuHour: number; gbHour: number };
  sources: string[];
}

/** The table shipped with crossarch (from ../shared/DESIGN.md, 2026-11). */
export const PRICES: PriceTable = {
  asOf: "2026-11-23",
  fargate: { amd64: { vcpuHour: 0.04048, gbHour: 0.004445 }, arm64: { vcpuHour: 0.03238, gbHour: 0.00356 } },
  aca: { vcpuSecond: 0.000024, gibSecond: 0.000003, freeVcpuSeconds: 180_000, freeGibSeconds: 360_000 },
  ociA1: { ocpuHour: 0.01, gbHour: 0.0015 },
  sources: [
    "Fargate Linux x86 / ARM, us-east-1: vantage.sh Fargate pricing",
    "Azure Container Apps Consumption (active): Microsoft pricing; monthly free grant 180,000 vCPU-s and 360,000 GiB-s",
    "OCI Ampere A1 (Container Instances bill at the shape's rate): oracle.com compute pricing",
  ],
};

/** Hours in the month the estimate uses. */
export const HOURS_PER_MONTH = 730;

/** Deep partial of a price table: what a stack's `crossarch:prices` may override. */
export interface PriceOverrides {
  asOf?: string;
  fargate?: Partial<Record<"amd64" | "arm64", Partial<PriceTable["fargate"]["amd64"]>>>;
  aca?: Partial<PriceTable["aca"]>;
  ociA1?: Partial<PriceTable["ociA1"]>;
}

/** The table with a stack's overrides applied; an override without a date is marked as such. */
export function withOverrides(base: PriceTable, o: PriceOverrides | undefined): PriceTable {
  if (!o) return base;
  return {
    asOf: o.asOf ?? `${base.asOf} (with stack overrides)`,
    fargate: { amd64: { ...base.fargate.amd64, ...o.fargate?.amd64 }, arm64: { ...base.fargate.arm64, ...o.fargate?.arm64 } },
    aca: { ...base.aca, ...o.aca },
    ociA1: { ...base.ociA1, ...o.ociA1 },
    sources: [...base.sources, "overridden in the stack's crossarch:prices"],
  };
}
