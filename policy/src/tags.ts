/** Standard tags: every taggable resource says its arch and who manages it. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TAGGABLE, tagsOf } from "./resources";

const ARCHES = ["amd64", "arm64"];

export const archTag: ResourceValidationPolicy = {
  name: "crossarch-arch-tag",
  description: "Every taggable resource carries an `arch` tag of amd64 or arm64 (AWS/Azure `tags`, OCI `freeformTags`).",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (!TAGGABLE[args.type]) args.notApplicable(`${args.type} is not a taggable type this pack knows`);
    const arch = tagsOf(args.type, args.props)?.arch;
    if (arch === undefined) report(`has no arch tag in ${TAGGABLE[args.type]}; expected arch: amd64 or arm64`);
    else if (!ARCHES.includes(arch)) report(`has arch tag ${JSON.stringify(arch)}; expected amd64 or arm64`);
  },
};

export interface StandardTagsConfig {
  /** Tags every taggable resource must carry with a non-empty value. */
  requiredTags: string[];
}

export const standardTags: ResourceValidationPolicy = {
  name: "crossarch-standard-tags",
  description: "Every taggable resource carries the standard tags `app`, `stack` and `managed-by`.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { requiredTags: { type: "array", items: { type: "string" }, default: ["app", "stack", "managed-by"] } } },
  validateResource: (args, report) => {
    if (!TAGGABLE[args.type]) args.notApplicable(`${args.type} is not a taggable type this pack knows`);
    const { requiredTags } = args.getConfig<StandardTagsConfig>();
    const tags = tagsOf(args.type, args.props) ?? {};
    const missing = requiredTags.filter((t) => !tags[t]);
    if (missing.length > 0)
      report(`is missing the tag${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; found: ${Object.keys(tags).join(", ") || "none"}`);
  },
};
