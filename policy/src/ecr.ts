/** ECR baselines: scan on push (ECR.1), immutable tags (ECR.2), a lifecycle policy (ECR.3). */
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { TYPES } from "./resources";

export const ecrScanOnPush: ResourceValidationPolicy = {
  name: "crossarch-ecr-scan-on-push",
  description: "ECR repositories scan images on push (AWS FSBP ECR.1, Checkov CKV_AWS_163).",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.ecrRepository) args.notApplicable("not an ECR repository");
    const scan = (args.props.imageScanningConfiguration as { scanOnPush?: boolean } | undefined)?.scanOnPush;
    if (scan !== true) report(`has imageScanningConfiguration.scanOnPush ${String(scan)}; expected true`);
  },
};

export interface ImmutableTagsConfig {
  /** Tag filters that may stay mutable under IMMUTABLE_WITH_EXCLUSION (build caches). */
  allowedMutableFilters: string[];
}

export const ecrImmutableTags: ResourceValidationPolicy = {
  name: "crossarch-ecr-immutable-tags",
  description: "ECR tags are immutable (AWS FSBP ECR.2, Checkov CKV_AWS_51); only build-cache tags may be excluded.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { allowedMutableFilters: { type: "array", items: { type: "string" }, default: ["cache-*"] } } },
  validateResource: (args, report) => {
    if (args.type !== TYPES.ecrRepository) args.notApplicable("not an ECR repository");
    const mutability = (args.props.imageTagMutability as string | undefined) ?? "MUTABLE";
    if (mutability === "IMMUTABLE") return;
    if (mutability === "IMMUTABLE_WITH_EXCLUSION") {
      const { allowedMutableFilters } = args.getConfig<ImmutableTagsConfig>();
      const filters = ((args.props.imageTagMutabilityExclusionFilters as { filter?: string }[] | undefined) ?? []).map(
        (f) => f.filter ?? "",
      );
      const extra = filters.filter((f) => !allowedMutableFilters.includes(f));
      if (extra.length > 0) report(`keeps tags ${extra.join(", ")} mutable; allowed exclusions: ${allowedMutableFilters.join(", ")}`);
      return;
    }
    report(`has imageTagMutability ${mutability}; expected IMMUTABLE (or IMMUTABLE_WITH_EXCLUSION for build-cache tags)`);
  },
};

export const ecrLifecyclePolicy: StackValidationPolicy = {
  name: "crossarch-ecr-lifecycle-policy",
  description: "Every ECR repository has a lifecycle policy (AWS FSBP ECR.3).",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const repos = args.resources.filter((r) => r.type === TYPES.ecrRepository);
    if (repos.length === 0) args.notApplicable("the stack has no ECR repositories");
    const covered = new Set(args.resources.filter((r) => r.type === TYPES.ecrLifecyclePolicy).map((r) => r.props.repository as string));
    for (const repo of repos) {
      if (!covered.has(repo.props.name as string)) report(`ECR repository ${String(repo.props.name)} has no lifecycle policy`, repo.urn);
    }
  },
};
