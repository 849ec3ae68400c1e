/**
 * A VCN for an OCI Container Instance: one regional subnet, a NAT gateway for pulls when the
 * instance has no public IP (an internet gateway when it has), and a security list that opens
 * only the services' ports (to the VCN, or to the internet for public services).
 */
import * as oci from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type * as ociInputs from "@pulumi/oci/types/input";

/** The inputs of {@link OciNetwork}. */
export interface OciNetworkArgs {
  /** OCID of the compartment the network goes in. */
  compartmentId: pulumi.Input<string>;
  /** The VCN's block, also its one subnet, e.g. `10.1.0.0/24`. */
  cidr: string;
  /** The instance gets a public IP: internet gateway instead of NAT, public ports open to the internet. */
  public: boolean;
  /** Ports the services listen on, and whether each is public. */
  ports: {
    /** Port number. */
    port: number;
    /** Open to the internet (else to the VCN only). */
    public: boolean;
  }[];
  /** Persistent volumes: the subnet may reach its File Storage mount target (NFS). */
  nfs?: boolean;
  /** OCI freeform tags for every resource (the standard tags). */
  freeformTags: Record<string, string>;
}

/**
 * A VCN for an OCI Container Instance: one regional subnet, a NAT gateway (or an internet gateway
 * when the instance is public), a route table, and a security list that opens only the given
 * ports, to the VCN or, for public ones, to the internet (with `nfs`, also File Storage's ports
 * within the subnet). {@link OciTarget} creates one when it is given no `subnetId`.
 *
 * @example
 * ```ts
 * import { OciNetwork } from "@crossarch/components/oci";
 * const net = new OciNetwork("net", {
 *   compartmentId, cidr: "10.1.0.0/24", public: true, ports: [{ port: 8080, public: true }], freeformTags: tags,
 * });
 * export const subnetId = net.subnetId;
 * ```
 */
export class OciNetwork extends pulumi.ComponentResource {
  /** The subnet's OCID, where the instance goes. */
  readonly subnetId: pulumi.Output<string>;

  constructor(name: string, args: OciNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("crossarch:targets:OciNetwork", name, {}, opts);
    const p = { parent: this };
    const common = { compartmentId: args.compartmentId, freeformTags: args.freeformTags };
    const vcn = new oci.core.Vcn(`${name}-vcn`, { ...common, cidrBlocks: [args.cidr], displayName: `${name}-vcn` }, p);
    const gateway = args.public
      ? new oci.core.InternetGateway(`${name}-igw`, { ...common, vcnId: vcn.id, enabled: true, displayName: `${name}-igw` }, p)
      : new oci.core.NatGateway(`${name}-nat`, { ...common, vcnId: vcn.id, displayName: `${name}-nat` }, p);
    const routes = new oci.core.RouteTable(
      `${name}-routes`,
      {
        ...common,
        vcnId: vcn.id,
        displayName: `${name}-routes`,
        routeRules: [{ networkEntityId: gateway.id, destination: "0.0.0.0/0", destinationType: "CIDR_BLOCK" }],
      },
      p,
    );
    const ingress: ociInputs.Core.SecurityListIngressSecurityRule[] = args.ports.map((p) => ({
      protocol: "6",
      source: p.public && args.public ? "0.0.0.0/0" : args.cidr,
      tcpOptions: { min: p.port, max: p.port },
      description: `port ${p.port}`,
    }));
    // File Storage: NFS (TCP 111, 2048-2050; UDP 111, 2048) within the subnet only
    if (args.nfs) {
      for (const [min, max] of [
        [111, 111],
        [2048, 2050],
      ])
        ingress.push({ protocol: "6", source: args.cidr, tcpOptions: { min, max }, description: `NFS ${min}-${max} (File Storage)` });
      for (const port of [111, 2048])
        ingress.push({
          protocol: "17",
          source: args.cidr,
          udpOptions: { min: port, max: port },
          description: `NFS ${port}/udp (File Storage)`,
        });
    }
    const security = new oci.core.SecurityList(
      `${name}-security`,
      {
        ...common,
        vcnId: vcn.id,
        displayName: `${name}-security`,
        ingressSecurityRules: ingress,
        egressSecurityRules: [{ protocol: "all", destination: "0.0.0.0/0" }],
      },
      p,
    );
    const subnet = new oci.core.Subnet(
      `${name}-subnet`,
      {
        ...common,
        vcnId: vcn.id,
        cidrBlock: args.cidr,
        displayName: `${name}-subnet`,
        prohibitPublicIpOnVnic: !args.public,
        prohibitInternetIngress: !args.public,
        routeTableId: routes.id,
        securityListIds: [security.id],
      },
      p,
    );
    this.subnetId = subnet.id;
    this.registerOutputs({ subnetId: this.subnetId });
  }
}
