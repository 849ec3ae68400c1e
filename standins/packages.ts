/** Every stand-in, by plugin name. */
import { awsStandIn } from "./aws";
import { azureNativeStandIn } from "./azure-native";
import { dockerBuildStandIn } from "./docker-build";
import type { StandInPackage } from "./model";
import { ociStandIn } from "./oci";

export const STAND_INS: Readonly<Record<string, StandInPackage>> = {
  aws: awsStandIn,
  "azure-native": azureNativeStandIn,
  oci: ociStandIn,
  "docker-build": dockerBuildStandIn,
};
