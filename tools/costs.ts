/** Monthly cost estimate per target and arch, from a plan and a price table: each kind prices its own targets. */
import { kindOf, type CostLine } from "@crossarch/components/model";
import type { StackPlan } from "../infra/plan";
import type { PriceTable } from "./prices";

export type { CostLine };

/** Estimate a plan's monthly on-demand cost, target by target. */
export function estimateCosts(plan: StackPlan, prices: PriceTable): CostLine[] {
  return Object.entries(plan.config.targets).flatMap(([name, target]) => {
    const kind = kindOf(target.kind);
    const table = kind.prices ? (prices.byKey[kind.prices.key] ?? kind.prices.table) : undefined;
    return kind.cost(
      name,
      target,
      plan.deployments.filter((d) => d.target === name),
      table,
    );
  });
}
