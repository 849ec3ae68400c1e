/**
 * Every service has a health check and explicit cpu/memory limits, on every target. A job (work
 * that ends: tagged `job`, or an ECS container marked non-essential that others wait for) is
 * checked by its exit code instead, so it needs limits but no health check.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES, ecsContainers } from "./resources";

interface AcaContainer {
  name?: string;
  resources?: { cpu?: number; memory?: string };
  probes?: { type?: string }[];
}

interface OciContainer {
  displayName?: string;
  resourceConfig?: { vcpusLimit?: number; memoryLimitInGbs?: number };
  healthChecks?: unknown[];
}

export const healthAndLimits: ResourceValidationPolicy = {
  name: "crossarch-health-and-limits",
  description: "Every container has a health check and explicit cpu and memory limits (ECS task, Container App, OCI container).",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    const p = args.props;
    switch (args.type) {
      case TYPES.taskDefinition: {
        if (!p.cpu || !p.memory)
          report(`has no task-level cpu/memory (cpu ${String(p.cpu)}, memory ${String(p.memory)}); Fargate needs both`);
        const job = (p.tags as Record<string, string> | undefined)?.job !== undefined;
        for (const c of ecsContainers(p)) {
          if (job || (c as { essential?: boolean }).essential === false) continue;
          if (!c.healthCheck?.command?.length) report(`container ${c.name ?? "?"} has no healthCheck command`);
        }
        return;
      }
      case TYPES.containerApp: {
        const containers = ((p.template as { containers?: AcaContainer[] } | undefined)?.containers ?? []) as AcaContainer[];
        for (const c of containers) {
          if (c.resources?.cpu === undefined || c.resources?.memory === undefined)
            report(`container ${c.name ?? "?"} has no explicit cpu and memory`);
          if (!c.probes?.some((probe) => probe.type === "Liveness")) report(`container ${c.name ?? "?"} has no liveness probe`);
        }
        return;
      }
      case TYPES.ociInstance: {
        for (const c of (p.containers as OciContainer[] | undefined) ?? []) {
          if (c.resourceConfig?.vcpusLimit === undefined || c.resourceConfig?.memoryLimitInGbs === undefined) {
            report(`container ${c.displayName ?? "?"} has no resourceConfig vcpusLimit and memoryLimitInGbs`);
          }
          if (!c.healthChecks?.length && (p.freeformTags as Record<string, string> | undefined)?.job === undefined)
            report(`container ${c.displayName ?? "?"} has no healthChecks`);
        }
        return;
      }
      default:
        args.notApplicable("not a container workload");
    }
  },
};
