/** The config of one Container Apps target (`crossarch:targets.<name>` with `kind: aca`). */
import { z } from "zod";
import { budget, strict } from "../model/schema-parts";

export const acaSchema = strict({
  kind: z.literal("aca"),
  location: z.string().min(1),
  resourceGroup: z.string().min(1).optional(),
  registry: strict({
    kind: z.literal("acr").default("acr"),
    name: z
      .string()
      .regex(/^[a-zA-Z0-9]{5,50}$/, "must be 5-50 letters or digits")
      .optional(),
  }).default({ kind: "acr" }),
  logRetentionDays: z.number().int().min(30).max(730).default(30),
  budget: budget.optional(),
});

/** One Container Apps target's config, defaults filled in. */
export type AcaTargetConfig = z.output<typeof acaSchema>;
