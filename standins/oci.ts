/**
 * The `oci` stand-in: OCIDs in Oracle's format, lifecycle states, and replacements for the
 * arguments the OCI Terraform provider documents as "Updates to this field will trigger a destroy
 * and recreate" — for a Container Instance that is its containers, shape, shape config, VNICs,
 * pull secrets, volumes and restart policy: any change to one container replaces the instance.
 */
import type { ReplaceRule, ResourceContext, StandInPackage } from "./model";
import { hashOf, type Props } from "./values";

/** Type -> the resource kind in its OCID. */
const OCID_KIND: Record<string, string> = {
  "oci:ContainerEngine/containerInstance:ContainerInstance": "computecontainerinstance",
  "oci:Core/vcn:Vcn": "vcn",
  "oci:Core/subnet:Subnet": "subnet",
  "oci:Core/natGateway:NatGateway": "natgateway",
  "oci:Core/internetGateway:InternetGateway": "internetgateway",
  "oci:Core/routeTable:RouteTable": "routetable",
  "oci:Core/securityList:SecurityList": "securitylist",
  "oci:Artifacts/containerRepository:ContainerRepository": "containerrepo",
  "oci:FileStorage/fileSystem:FileSystem": "filesystem",
  "oci:FileStorage/mountTarget:MountTarget": "mounttarget",
  "oci:FileStorage/export:Export": "export",
};

const REPLACES: Record<string, ReplaceRule> = {
  "oci:ContainerEngine/containerInstance:ContainerInstance": {
    replace: [
      "availabilityDomain",
      "containers",
      "containerRestartPolicy",
      "dnsConfig",
      "faultDomain",
      "gracefulShutdownTimeoutInSeconds",
      "imagePullSecrets",
      "shape",
      "shapeConfig",
      "vnics",
      "volumes",
    ],
  },
  "oci:Core/vcn:Vcn": { replace: ["dnsLabel", "isIpv6enabled"] },
  "oci:Core/subnet:Subnet": { replace: ["vcnId", "availabilityDomain", "dnsLabel", "prohibitPublicIpOnVnic"] },
  "oci:Core/natGateway:NatGateway": { replace: ["vcnId"] },
  "oci:Core/internetGateway:InternetGateway": { replace: ["vcnId"] },
  "oci:Core/routeTable:RouteTable": { replace: ["vcnId"] },
  "oci:Core/securityList:SecurityList": { replace: ["vcnId"] },
  "oci:Artifacts/containerRepository:ContainerRepository": { replace: ["displayName"] },
};

export const ociStandIn: StandInPackage = {
  name: "oci",
  autoname: () => undefined,

  id(ctx) {
    const kind = OCID_KIND[ctx.type] ?? ctx.type.split(":").pop()?.toLowerCase() ?? "resource";
    return `ocid1.${kind}.oc1.${ctx.config.region ?? "eu-frankfurt-1"}.amaaaaaa${hashOf(52, ctx.urn, ctx.inputs)}`;
  },

  computed(ctx: ResourceContext): Props {
    const base: Props = { state: "ACTIVE", timeCreated: "2026-01-01T00:00:00.000Z" };
    switch (ctx.type) {
      case "oci:ContainerEngine/containerInstance:ContainerInstance": {
        const containers = Array.isArray(ctx.inputs.containers) ? ctx.inputs.containers : [];
        const vnics = Array.isArray(ctx.inputs.vnics) ? (ctx.inputs.vnics as Props[]) : [];
        const h = hashOf(8, ctx.id);
        return {
          ...base,
          containerCount: containers.length,
          // the address other instances of the subnet reach it at
          vnics: vnics.map((v, i) => ({
            ...v,
            vnicId: `ocid1.vnic.oc1..${h}${i}`,
            privateIp: `10.1.0.${(parseInt(h.slice(0, 2), 16) % 200) + 10 + i}`,
          })),
        };
      }
      case "oci:FileStorage/mountTarget:MountTarget":
        return { ...base, exportSetId: `ocid1.exportset.oc1.${ctx.config.region ?? "eu-frankfurt-1"}.amaaaaaa${hashOf(52, ctx.id)}` };
      case "oci:Artifacts/containerRepository:ContainerRepository":
        return { ...base, imageCount: 0, layerCount: 0, layersSizeInBytes: "0" };
      default:
        return base;
    }
  },

  replaceRule(type) {
    return REPLACES[type] ?? { replace: [] };
  },

  invoke(token, args) {
    switch (token) {
      case "oci:ObjectStorage/getNamespace:getNamespace":
        return { id: "standin", namespace: `standin${hashOf(8, args.compartmentId ?? "")}` };
      default:
        return undefined;
    }
  },
};
