/**
 * The runner's engine for real runs: the Pulumi Automation API on the project directory, with
 * the policy pack, collecting every policy event the engine reports.
 */
import * as path from "node:path";
import { LocalWorkspace, type EngineEvent } from "@pulumi/pulumi/automation";
import type { PolicyResult, Replaced, StackEngine } from "./runner";

export interface AutomationOptions {
  /** The project directory (where Pulumi.yaml is). */
  workDir: string;
  /** A policy pack directory, or an executable analyzer (`policy/analyzer`). */
  policyPack?: string;
  /** Per stack, a stack config file other than `Pulumi.<stack>.yaml` (this machine's copy). */
  configFiles?: Record<string, string>;
}

export function automationEngine(options: AutomationOptions): StackEngine {
  return async (stackName, operation) => {
    const stack = await LocalWorkspace.selectStack({ stackName, workDir: options.workDir });
    const policies: PolicyResult[] = [];
    const replaced: Replaced[] = [];
    const onEvent = (e: EngineEvent) => {
      const step = e.resourcePreEvent?.metadata;
      if (
        step &&
        (step.op === "replace" || step.op === "create-replacement") &&
        !replaced.some((x) => x.name === step.urn.split("::").pop())
      )
        replaced.push({ type: step.type, name: step.urn.split("::").pop() ?? step.urn });
      const p = e.policyEvent;
      if (p)
        policies.push({
          policy: p.policyName,
          resource: p.resourceUrn?.split("::").pop() ?? "(stack)",
          message: p.message,
          level: p.enforcementLevel === "mandatory" ? "mandatory" : "advisory",
        });
    };
    const common = {
      onEvent,
      ...(options.policyPack && { policyPacks: [path.resolve(options.policyPack)] }),
      ...(options.configFiles?.[stackName] && { configFile: options.configFiles[stackName] }),
    };
    if (operation === "preview") {
      const result = await stack.preview(common);
      return { changes: { ...result.changeSummary }, policies, replaced };
    }
    const result = await stack.up(common);
    return { changes: { ...(result.summary.resourceChanges ?? {}) }, policies, replaced };
  };
}
