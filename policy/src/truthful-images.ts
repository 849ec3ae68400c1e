/**
 * Stack check: an `image-platforms` tag on a compute resource may not claim more than the
 * builds of that image really produce (docker-build Images labelled with the image name).
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { TYPES, tagsOf } from "./resources";

export const imagePlatformsTruthful: StackValidationPolicy = {
  name: "crossarch-image-platforms-truthful",
  description: "A compute resource's `image-platforms` tag lists only platforms the stack's builds of that image produce.",
  enforcementLevel: "mandatory",
  validateStack: (args, report) => {
    const built = new Map<string, Set<string>>();
    for (const r of args.resources.filter((r) => r.type === TYPES.buildImage)) {
      const image = (r.props.labels as Record<string, string> | undefined)?.["org.opencontainers.image.title"];
      if (!image) continue;
      const set = built.get(image) ?? new Set<string>();
      for (const p of (r.props.platforms as string[] | undefined) ?? []) set.add(p);
      built.set(image, set);
    }
    if (built.size === 0) args.notApplicable("the stack builds no images");
    for (const r of args.resources) {
      const claims: { image?: string; platforms?: string }[] =
        r.type === TYPES.ociInstance
          ? ((r.props.containers as { freeformTags?: Record<string, string> }[] | undefined) ?? []).map((c) => ({
              image: c.freeformTags?.image,
              platforms: c.freeformTags?.["image-platforms"],
            }))
          : [{ image: tagsOf(r.type, r.props)?.image, platforms: tagsOf(r.type, r.props)?.["image-platforms"] }];
      for (const claim of claims) {
        const real = claim.image ? built.get(claim.image) : undefined;
        if (!real || !claim.platforms) continue; // external image or no claim: other policies decide
        const extra = claim.platforms.split(" ").filter((p) => !real.has(p));
        if (extra.length > 0) {
          report(
            `${r.name} claims image ${claim.image} has ${extra.join(", ")} but the stack builds it for ${[...real].join(", ")}`,
            r.urn,
          );
        }
      }
    }
  },
};
