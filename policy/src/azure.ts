/** Azure baselines: ACR admin user off (CKV_AZURE_137), Container Apps without insecure ingress. */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { TYPES } from "./resources";

export const acrAdminDisabled: ResourceValidationPolicy = {
  name: "crossarch-acr-admin-disabled",
  description: "ACR's admin user is disabled; pulls use managed identities (Checkov CKV_AZURE_137).",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.acr) args.notApplicable("not a container registry");
    if (args.props.adminUserEnabled === true)
      report("has adminUserEnabled true; expected false (pull with a managed identity and AcrPull)");
  },
};

export const acaNoInsecureIngress: ResourceValidationPolicy = {
  name: "crossarch-aca-no-insecure-ingress",
  description: "Container Apps ingress does not allow insecure HTTP (Azure Policy 0e80e269-43a4-4ae9-b5bc-178126b8a5cb).",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    if (args.type !== TYPES.containerApp) args.notApplicable("not a Container App");
    const ingress = (args.props.configuration as { ingress?: { allowInsecure?: boolean } } | undefined)?.ingress;
    if (ingress?.allowInsecure === true) report("has ingress.allowInsecure true; expected false (HTTPS only)");
  },
};
