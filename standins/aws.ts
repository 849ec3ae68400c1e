/**
 * The `aws` stand-in: ids, ARNs and computed outputs in the real provider's formats, for the
 * resource types crossarch registers; replacements for the arguments the Terraform AWS provider
 * documents as "Forces new resource"; and the invokes the program makes.
 */
import type { Autoname, ReplaceRule, ResourceContext, StandInPackage } from "./model";
import { hashOf, secret, text, type Props } from "./values";

/** The account every stand-in ARN names (the example account of the AWS documentation). */
export const STANDIN_AWS_ACCOUNT = "123456789012";

const regionOf = (config: Record<string, string>) => config.region ?? "us-east-1";

/** Types whose `name` the provider autonames (`<logical>-<7 hex>`), with their length limits. */
const AUTONAMED: Record<string, number> = {
  "aws:ecs/cluster:Cluster": 255,
  "aws:ecs/service:Service": 255,
  "aws:iam/role:Role": 64,
  "aws:iam/rolePolicy:RolePolicy": 128,
  "aws:ec2/securityGroup:SecurityGroup": 255,
  "aws:lb/loadBalancer:LoadBalancer": 32,
  "aws:lb/targetGroup:TargetGroup": 32,
  "aws:cloudwatch/logGroup:LogGroup": 512,
  "aws:scheduler/schedule:Schedule": 64,
};

/** Id prefixes of EC2 resources. */
const EC2_PREFIX: Record<string, string> = {
  "aws:ec2/vpc:Vpc": "vpc",
  "aws:ec2/subnet:Subnet": "subnet",
  "aws:ec2/internetGateway:InternetGateway": "igw",
  "aws:ec2/routeTable:RouteTable": "rtb",
  "aws:ec2/routeTableAssociation:RouteTableAssociation": "rtbassoc",
  "aws:ec2/eip:Eip": "eipalloc",
  "aws:ec2/natGateway:NatGateway": "nat",
  "aws:ec2/securityGroup:SecurityGroup": "sg",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "sgr",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "sgr",
  "aws:servicediscovery/httpNamespace:HttpNamespace": "ns",
  "aws:efs/fileSystem:FileSystem": "fs",
  "aws:efs/accessPoint:AccessPoint": "fsap",
  "aws:efs/mountTarget:MountTarget": "fsmt",
};

/**
 * Arguments documented as "Forces new resource" in the Terraform AWS provider the Pulumi
 * provider wraps (registry docs of each resource, v6/v7). ECS task definitions are immutable:
 * every argument but tags replaces (a new revision).
 */
const REPLACES: Record<string, ReplaceRule> = {
  "aws:ecs/taskDefinition:TaskDefinition": { replaceAllExcept: ["tags", "tagsAll", "skipDestroy", "trackLatest"] },
  "aws:ecs/cluster:Cluster": { replace: ["name"] },
  "aws:ecs/service:Service": { replace: ["name", "cluster", "launchType", "schedulingStrategy"] },
  "aws:ecr/repository:Repository": { replace: ["name", "encryptionConfigurations"] },
  "aws:ecr/lifecyclePolicy:LifecyclePolicy": { replace: ["repository"] },
  "aws:cloudwatch/logGroup:LogGroup": { replace: ["name", "namePrefix"] },
  "aws:iam/role:Role": { replace: ["name", "namePrefix"] },
  "aws:iam/rolePolicy:RolePolicy": { replace: ["name", "namePrefix", "role"] },
  "aws:ec2/vpc:Vpc": { replace: ["cidrBlock", "instanceTenancy"] },
  "aws:ec2/subnet:Subnet": { replace: ["vpcId", "cidrBlock", "availabilityZone", "availabilityZoneId"] },
  "aws:ec2/routeTable:RouteTable": { replace: ["vpcId"] },
  "aws:ec2/routeTableAssociation:RouteTableAssociation": { replace: ["subnetId", "gatewayId"] },
  "aws:ec2/eip:Eip": { replace: ["domain"] },
  "aws:ec2/natGateway:NatGateway": { replace: ["allocationId", "subnetId", "connectivityType"] },
  "aws:ec2/securityGroup:SecurityGroup": { replace: ["name", "namePrefix", "vpcId", "description"] },
  "aws:lb/loadBalancer:LoadBalancer": { replace: ["name", "namePrefix", "internal", "loadBalancerType"] },
  "aws:lb/targetGroup:TargetGroup": { replace: ["name", "namePrefix", "port", "protocol", "vpcId", "targetType"] },
  "aws:lb/listener:Listener": { replace: ["loadBalancerArn"] },
  "aws:secretsmanager/secret:Secret": { replace: ["name", "namePrefix"] },
  "aws:servicediscovery/httpNamespace:HttpNamespace": { replace: ["name"] },
  "aws:scheduler/schedule:Schedule": { replace: ["name", "namePrefix", "groupName"] },
  "aws:efs/fileSystem:FileSystem": { replace: ["creationToken", "encrypted", "kmsKeyId", "performanceMode", "availabilityZoneName"] },
  "aws:efs/accessPoint:AccessPoint": { replace: ["fileSystemId", "posixUser", "rootDirectory"] },
  "aws:efs/mountTarget:MountTarget": { replace: ["fileSystemId", "subnetId", "ipAddress"] },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": { replace: ["securityGroupId"] },
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": { replace: ["securityGroupId"] },
  // a secret version is immutable: a new value is a new version
  "aws:secretsmanager/secretVersion:SecretVersion": { replace: ["secretId", "secretString", "secretBinary"] },
};

function arn(ctx: { config: Record<string, string> }, service: string, resource: string, global = false): string {
  return `arn:aws:${service}:${global ? "" : regionOf(ctx.config)}:${STANDIN_AWS_ACCOUNT}:${resource}`;
}

export const awsStandIn: StandInPackage = {
  name: "aws",

  autoname(type: string): Autoname | undefined {
    const max = AUTONAMED[type];
    return max === undefined ? undefined : { property: "name", maxLength: max };
  },

  id(ctx) {
    const { type, inputs } = ctx;
    const prefix = EC2_PREFIX[type];
    if (prefix) return `${prefix}-${hashOf(17, ctx.urn, inputs)}`;
    switch (type) {
      case "aws:ecr/repository:Repository":
      case "aws:cloudwatch/logGroup:LogGroup":
      case "aws:iam/role:Role":
        return text(inputs.name);
      case "aws:ecr/lifecyclePolicy:LifecyclePolicy":
        return text(inputs.repository);
      case "aws:iam/rolePolicy:RolePolicy":
        return `${text(inputs.role)}:${text(inputs.name)}`;
      case "aws:ecs/taskDefinition:TaskDefinition":
        return text(inputs.family);
      case "aws:secretsmanager/secretVersion:SecretVersion":
        return `${text(inputs.secretId)}|${hashOf(32, ctx.urn, inputs)}`;
      default:
        return this.computed({ ...ctx, id: "" }).arn as string;
    }
  },

  computed(ctx: ResourceContext): Props {
    const { type, inputs, id } = ctx;
    const tags = inputs.tags === undefined ? {} : { tagsAll: inputs.tags };
    const name = text(inputs.name);
    const h = hashOf(16, ctx.urn, inputs);
    const base: Props = { ...tags };
    switch (type) {
      case "aws:ec2/vpc:Vpc":
        return {
          ...base,
          arn: arn(ctx, "ec2", `vpc/${id}`),
          ownerId: STANDIN_AWS_ACCOUNT,
          mainRouteTableId: `rtb-${h}`,
          defaultSecurityGroupId: `sg-${h}`,
        };
      case "aws:ec2/subnet:Subnet":
        return { ...base, arn: arn(ctx, "ec2", `subnet/${id}`), ownerId: STANDIN_AWS_ACCOUNT };
      case "aws:ec2/securityGroup:SecurityGroup":
        return { ...base, arn: arn(ctx, "ec2", `security-group/${id}`), ownerId: STANDIN_AWS_ACCOUNT };
      case "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule":
      case "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule":
        return { ...base, arn: arn(ctx, "ec2", `security-group-rule/${id}`), securityGroupRuleId: id };
      case "aws:servicediscovery/httpNamespace:HttpNamespace":
        return { ...base, arn: arn(ctx, "servicediscovery", `namespace/${id}`), httpName: name };
      case "aws:scheduler/schedule:Schedule":
        return {
          ...base,
          arn: arn(ctx, "scheduler", `schedule/${text(inputs.groupName) || "default"}/${name}`),
          groupName: text(inputs.groupName) || "default",
        };
      case "aws:efs/fileSystem:FileSystem":
        return {
          ...base,
          arn: arn(ctx, "elasticfilesystem", `file-system/${id}`),
          dnsName: `${id}.efs.${regionOf(ctx.config)}.amazonaws.com`,
        };
      case "aws:efs/accessPoint:AccessPoint":
        return { ...base, arn: arn(ctx, "elasticfilesystem", `access-point/${id}`) };
      case "aws:ec2/eip:Eip":
        return { ...base, allocationId: id, publicIp: `198.51.100.${parseInt(h.slice(0, 2), 16) % 254 || 1}` };
      case "aws:ecr/repository:Repository":
        return {
          ...base,
          arn: arn(ctx, "ecr", `repository/${name}`),
          registryId: STANDIN_AWS_ACCOUNT,
          repositoryUrl: `${STANDIN_AWS_ACCOUNT}.dkr.ecr.${regionOf(ctx.config)}.amazonaws.com/${name}`,
        };
      case "aws:ecr/lifecyclePolicy:LifecyclePolicy":
        return { registryId: STANDIN_AWS_ACCOUNT };
      case "aws:cloudwatch/logGroup:LogGroup":
        return { ...base, arn: arn(ctx, "logs", `log-group:${name}`) };
      case "aws:iam/role:Role":
        return { ...base, arn: arn(ctx, "iam", `role/${name}`, true), uniqueId: `AROA${h.toUpperCase()}` };
      case "aws:ecs/cluster:Cluster":
        return { ...base, arn: arn(ctx, "ecs", `cluster/${name}`) };
      case "aws:ecs/taskDefinition:TaskDefinition": {
        // a new revision per distinct definition, as ECS registers one per replacement
        const revision = (parseInt(h.slice(0, 6), 16) % 9000) + 1;
        const family = text(inputs.family);
        return {
          ...base,
          revision,
          arn: arn(ctx, "ecs", `task-definition/${family}:${revision}`),
          arnWithoutRevision: arn(ctx, "ecs", `task-definition/${family}`),
        };
      }
      case "aws:ecs/service:Service": {
        const cluster = text(inputs.cluster).split("/").pop();
        return { ...base, arn: arn(ctx, "ecs", `service/${cluster}/${name}`) };
      }
      case "aws:lb/loadBalancer:LoadBalancer":
        return {
          ...base,
          arn: arn(ctx, "elasticloadbalancing", `loadbalancer/app/${name}/${h}`),
          arnSuffix: `app/${name}/${h}`,
          dnsName: `${name}-${parseInt(h.slice(0, 8), 16)}.${regionOf(ctx.config)}.elb.amazonaws.com`,
          zoneId: "Z35SXDOTRQ7X7K",
        };
      case "aws:lb/targetGroup:TargetGroup":
        return { ...base, arn: arn(ctx, "elasticloadbalancing", `targetgroup/${name}/${h}`), arnSuffix: `targetgroup/${name}/${h}` };
      case "aws:secretsmanager/secret:Secret": {
        const secretName = inputs.name === undefined ? `${text(inputs.namePrefix)}${hashOf(26, ctx.urn)}` : text(inputs.name);
        return { ...base, name: secretName, arn: arn(ctx, "secretsmanager", `secret:${secretName}-${hashOf(6, ctx.urn, "suffix")}`) };
      }
      case "aws:secretsmanager/secretVersion:SecretVersion":
        return { arn: text(inputs.secretId), versionId: id.split("|")[1] ?? "" };
      case "aws:lb/listener:Listener":
        return { ...base, arn: `${text(inputs.loadBalancerArn).replace(":loadbalancer/", ":listener/")}/${h}` };
      default:
        return base;
    }
  },

  replaceRule(type) {
    return REPLACES[type] ?? { replace: [] };
  },

  invoke(token, _args, config) {
    const region = regionOf(config);
    switch (token) {
      case "aws:index/getAvailabilityZones:getAvailabilityZones":
        return {
          id: region,
          names: ["a", "b", "c"].map((z) => `${region}${z}`),
          zoneIds: [1, 2, 3].map((i) => `use1-az${i}`),
          groupNames: [region],
        };
      case "aws:index/getCallerIdentity:getCallerIdentity":
        return {
          id: STANDIN_AWS_ACCOUNT,
          accountId: STANDIN_AWS_ACCOUNT,
          arn: `arn:aws:iam::${STANDIN_AWS_ACCOUNT}:user/standin`,
          userId: "AIDASTANDIN",
        };
      case "aws:index/getRegion:getRegion":
        return { id: region, name: region, region, endpoint: `ec2.${region}.amazonaws.com` };
      case "aws:ecr/getAuthorizationToken:getAuthorizationToken": {
        const password = `standin-ecr-${hashOf(24, region)}`;
        return {
          id: region,
          userName: "AWS",
          password: secret(password),
          authorizationToken: secret(Buffer.from(`AWS:${password}`).toString("base64")),
          proxyEndpoint: `https://${STANDIN_AWS_ACCOUNT}.dkr.ecr.${region}.amazonaws.com`,
          expiresAt: "2100-01-01T00:00:00Z",
        };
      }
      default:
        return undefined;
    }
  },
};
