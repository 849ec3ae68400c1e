/** The config of one Container Apps target (`crossarch:targets.<name>` with `kind: aca`). */
import { z } from "zod";
import { budget, strict } from "../model/schema-parts";

export const acaSchema = strict({
  /** `aca`: Azure Container Apps. */
  kind: z.literal("aca"),
  /** Azure region, e.g. `westeurope`. */
  location: z.string().min(1),
  /** Name of the resource group crossarch creates; auto-named when left out. */
  resourceGroup: z.string().min(1).optional(),
  /** The ACR the target's images are pushed to and pulled from. */
  registry: strict({
    /** `acr`, the only registry kind a Container Apps target takes. */
    kind: z.literal("acr").default("acr"),
    /** Registry name (5-50 letters or digits, globally unique); auto-named when left out. */
    name: z
      .string()
      .regex(/^[a-zA-Z0-9]{5,50}$/, "must be 5-50 letters or digits")
      .optional(),
  }).default({ kind: "acr" }),
  /** Days Log Analytics keeps the apps' logs (30-730); default 30. */
  logRetentionDays: z.number().int().min(30).max(730).default(30),
  /** A capacity budget the target's services must fit. */
  budget: budget.optional(),
});

/** One Container Apps target's config, defaults filled in. */
export type AcaTargetConfig = z.output<typeof acaSchema>;
