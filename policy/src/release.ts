/**
 * Release stacks (`crossarch:release: true`): every external image pinned with @sha256 in the
 * stack's config. crossarch resolves a ref given by tag to its digest at each preview, so what
 * runs changes only with a diff; a release stack goes further and changes what runs only with a
 * commit. Reads the `image-pin` and `release` tags compute resources carry (service.ts imageTags).
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { TYPES, tagsOf } from "./resources";

export const releaseRefsPinned: StackValidationPolicy = {
  name: "crossarch-release-refs-pinned",
  description: "In a release stack (crossarch:release: true) every external image is pinned with @sha256 in config, not given by tag.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    let release = false;
    for (const r of args.resources) {
      const claims: { who: string; tags: Record<string, string> }[] =
        r.type === TYPES.ociInstance
          ? ((r.props.containers as { displayName?: string; freeformTags?: Record<string, string> }[] | undefined) ?? []).map((c) => ({
              who: `container ${c.displayName ?? "?"} `,
              tags: c.freeformTags ?? {},
            }))
          : [{ who: "", tags: tagsOf(r.type, r.props) ?? {} }];
      for (const { who, tags } of claims) {
        if (tags.release !== "true") continue;
        release = true;
        if (tags["image-pin"] === "tag")
          report(
            `${who}runs image ${tags.image}, given by tag in crossarch:images.${tags.image}.ref (resolved to a digest at preview); a release stack pins every external image there with @sha256:<digest>`,
            r.urn,
          );
      }
    }
    if (!release) args.notApplicable("not a release stack (crossarch:release is not true)");
  },
};
