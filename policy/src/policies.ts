/** Every policy of the crossarch pack, in the order they report. */
import type { Policies } from "@pulumi/policy";
import { archMatchesRuntime, imageHasPlatform } from "./arch";
import { acaNoInsecureIngress, acrAdminDisabled } from "./azure";
import { ecrImmutableTags, ecrLifecyclePolicy, ecrScanOnPush } from "./ecr";
import { ecsCircuitBreaker, ecsLogging, ecsNoPublicIp, ecsNonRoot, ecsNotPrivileged, ecsReadOnlyRoot } from "./ecs";
import { healthAndLimits } from "./limits";
import { ociNoPublicIp } from "./oci";
import { archTag, standardTags } from "./tags";
import { noPlainSecrets } from "./secrets";
import { releaseRefsPinned } from "./release";
import { imagePlatformsTruthful } from "./truthful-images";

export const policies: Policies = [
  archTag,
  standardTags,
  archMatchesRuntime,
  imageHasPlatform,
  imagePlatformsTruthful,
  healthAndLimits,
  ecrScanOnPush,
  ecrImmutableTags,
  ecrLifecyclePolicy,
  acrAdminDisabled,
  acaNoInsecureIngress,
  ecsNonRoot,
  ecsNotPrivileged,
  ecsReadOnlyRoot,
  ecsLogging,
  ecsCircuitBreaker,
  ecsNoPublicIp,
  ociNoPublicIp,
  noPlainSecrets,
  releaseRefsPinned,
];
