/** Secrets go through each platform's secret mechanism, never as plain env values. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES, ecsContainers } from "./resources";

/** Env names that look like secrets: `*PASSWORD*`, `*TOKEN*`, `*SECRET*`, `*_KEY`. */
export function looksSecret(name: string): boolean {
  return /PASSWORD|TOKEN|SECRET/i.test(name) || /_KEY$/i.test(name);
}

/** The plain (not secret-referenced) env names of a compute resource. */
function plainEnvNames(type: string, props: Record<string, unknown>): string[] {
  if (type === TYPES.taskDefinition) {
    return ecsContainers(props).flatMap((c) => ((c as { environment?: { name: string }[] }).environment ?? []).map((e) => e.name));
  }
  if (type === TYPES.containerApp) {
    const containers = (props.template as { containers?: { env?: { name: string; value?: string }[] }[] } | undefined)?.containers ?? [];
    return containers.flatMap((c) => (c.env ?? []).filter((e) => e.value !== undefined).map((e) => e.name));
  }
  return [];
}

export const noPlainSecrets: ResourceValidationPolicy = {
  name: "crossarch-no-plain-secrets",
  description:
    "Env values whose names look like secrets (*PASSWORD*, *TOKEN*, *SECRET*, *_KEY) come from the platform's secret mechanism (ECS secrets, ACA secretRef), not plain env: set them as { secret: <key> }.",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.taskDefinition && args.type !== TYPES.containerApp) args.notApplicable("no env this policy reads");
    const found = plainEnvNames(args.type, args.props).filter(looksSecret);
    if (found.length > 0) {
      report(
        `has ${found.join(", ")} as plain env; give ${found.length > 1 ? "them" : "it"} as { secret: <config key> } so the platform's secret mechanism delivers ${found.length > 1 ? "them" : "it"}`,
      );
    }
  },
};
