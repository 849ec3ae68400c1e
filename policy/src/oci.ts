/** OCI baseline: container instances without public IPs unless a team allows them. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "./resources";

export interface OciPublicIpConfig {
  /** Container instances (by display name) allowed a public IP. */
  allowed: string[];
}

export const ociNoPublicIp: ResourceValidationPolicy = {
  name: "crossarch-oci-no-public-ip",
  description: "OCI container instances get no public IP (advisory: a team may put one behind its own controls; list it in `allowed`).",
  enforcementLevel: "advisory",
  configSchema: { properties: { allowed: { type: "array", items: { type: "string" }, default: [] } } },
  validateResource: (args, report) => {
    if (args.type !== TYPES.ociInstance) args.notApplicable("not an OCI container instance");
    if (args.getConfig<OciPublicIpConfig>().allowed.includes(String(args.props.displayName)))
      args.notApplicable("allowed a public IP by config");
    const vnics = (args.props.vnics as { isPublicIpAssigned?: boolean }[] | undefined) ?? [];
    if (vnics.some((v) => v.isPublicIpAssigned === true)) report("has a VNIC with isPublicIpAssigned true; expected false");
  },
};
