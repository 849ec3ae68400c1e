/** Secrets go through each platform's secret mechanism, never as plain env values. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES, ecsContainers } from "./resources";
import { looksSecret } from "./secret-facts";

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
    "Env values whose names look like secrets (crossarch's one rule, looksSecret, shared with the compose importer and the stack config's warnings: *PASSWORD*, *PASSWD*, *SECRET*, *TOKEN*, *CREDENTIAL*, *PRIVATE*, *DSN*, *API_KEY*/*APIKEY*, *DATABASE_URL*, the word PASS, a last word KEY) come from the platform's secret mechanism (ECS secrets, ACA secretRef), not plain env: set them as { secret: <key> }.",
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
