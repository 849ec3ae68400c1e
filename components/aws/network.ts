/**
 * A VPC for Fargate: two public subnets (the load balancer) and two private subnets (the
 * tasks, no public IPs) in two availability zones, one NAT gateway for pulls and logs.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { cidrSubnet } from "../model/cidr";

/** The inputs of {@link AwsNetwork}. */
export interface AwsNetworkArgs {
  /** The VPC block, at most /20 so four /+4 subnets fit. */
  cidr: string;
  /** Tags for every resource (the standard tags); each also gets a `Name`. */
  tags: Record<string, string>;
}

/** Subnets a Fargate target uses, created or given. */
export interface AwsSubnets {
  /** The VPC's id. */
  vpcId: pulumi.Input<string>;
  /** The VPC's CIDR block (a load balancer sends only into it). */
  vpcCidr: pulumi.Input<string>;
  /** Two or more public subnets, in different zones: the load balancers. */
  publicSubnetIds: pulumi.Input<string>[];
  /** Two or more private subnets with a route out: the tasks (no public IPs). */
  privateSubnetIds: pulumi.Input<string>[];
}

/**
 * A VPC for Fargate: two public subnets (the load balancers) and two private subnets (the tasks)
 * in two availability zones, an internet gateway and one NAT gateway for pulls and logs.
 * {@link FargateTarget} creates one when given `network: { cidr }`.
 *
 * @example
 * ```ts
 * import { AwsNetwork, FargateTarget } from "@crossarch/components/aws";
 * const net = new AwsNetwork("net", { cidr: "10.0.0.0/16", tags });
 * const target = new FargateTarget("graviton", { app: "shop", region: "us-east-1", network: net, services, tags });
 * ```
 */
export class AwsNetwork extends pulumi.ComponentResource implements AwsSubnets {
  /** The VPC's id. */
  readonly vpcId: pulumi.Output<string>;
  /** The VPC's CIDR block. */
  readonly vpcCidr: pulumi.Output<string>;
  /** The two public subnets' ids. */
  readonly publicSubnetIds: pulumi.Output<string>[] = [];
  /** The two private subnets' ids. */
  readonly privateSubnetIds: pulumi.Output<string>[] = [];

  constructor(name: string, args: AwsNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("crossarch:targets:AwsNetwork", name, {}, opts);
    const p = { parent: this };
    const tagged = (suffix: string) => ({ ...args.tags, Name: `${name}-${suffix}` });
    const vpc = new aws.ec2.Vpc(
      `${name}-vpc`,
      { cidrBlock: args.cidr, enableDnsHostnames: true, enableDnsSupport: true, tags: tagged("vpc") },
      p,
    );
    const zones = aws.getAvailabilityZonesOutput({ state: "available" }, p).names;
    const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tagged("igw") }, p);
    const publicRoutes = new aws.ec2.RouteTable(
      `${name}-public`,
      { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }], tags: tagged("public") },
      p,
    );
    const publicSubnets = [0, 1].map((i) => {
      const subnet = new aws.ec2.Subnet(
        `${name}-public-${i}`,
        {
          vpcId: vpc.id,
          cidrBlock: cidrSubnet(args.cidr, 4, i),
          availabilityZone: zones[i],
          mapPublicIpOnLaunch: false,
          tags: tagged(`public-${i}`),
        },
        p,
      );
      new aws.ec2.RouteTableAssociation(`${name}-public-${i}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, p);
      return subnet;
    });
    const eip = new aws.ec2.Eip(`${name}-nat`, { domain: "vpc", tags: tagged("nat") }, p);
    const nat = new aws.ec2.NatGateway(
      `${name}-nat`,
      { allocationId: eip.id, subnetId: publicSubnets[0].id, tags: tagged("nat") },
      { parent: this, dependsOn: [igw] },
    );
    const privateRoutes = new aws.ec2.RouteTable(
      `${name}-private`,
      { vpcId: vpc.id, routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nat.id }], tags: tagged("private") },
      p,
    );
    const privateSubnets = [0, 1].map((i) => {
      const subnet = new aws.ec2.Subnet(
        `${name}-private-${i}`,
        {
          vpcId: vpc.id,
          cidrBlock: cidrSubnet(args.cidr, 4, 2 + i),
          availabilityZone: zones[i],
          mapPublicIpOnLaunch: false,
          tags: tagged(`private-${i}`),
        },
        p,
      );
      new aws.ec2.RouteTableAssociation(`${name}-private-${i}`, { subnetId: subnet.id, routeTableId: privateRoutes.id }, p);
      return subnet;
    });
    this.vpcId = vpc.id;
    this.vpcCidr = vpc.cidrBlock;
    this.publicSubnetIds = publicSubnets.map((s) => s.id);
    this.privateSubnetIds = privateSubnets.map((s) => s.id);
    this.registerOutputs({ vpcId: this.vpcId });
  }
}
