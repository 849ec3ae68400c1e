/**
 * Pulumi mocks that record every resource the program registers, by type token, and answer
 * with the outputs the real providers would compute (digests, registry hosts, ids).
 */
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";

/** One registered resource. */
export interface Recorded {
  type: string;
  name: string;
  inputs: Record<string, any>;
}

/** A fake sha256 digest derived from a name. */
export function fakeDigest(name: string): string {
  return `sha256:${createHash("sha256").update(name).digest("hex")}`;
}

export const AWS_ACCOUNT = "123456789012";

/** Outputs providers compute, by type token. */
function computed(type: string, name: string, inputs: Record<string, any>): Record<string, unknown> {
  switch (type) {
    case "docker-build:index:Image":
      return { digest: fakeDigest(name), ref: `image@${fakeDigest(name)}` };
    case "docker-build:index:Index":
      return { ref: `${inputs.tag}@${fakeDigest(name)}` };
    case "azure-native:containerregistry:Registry":
      return { loginServer: `${name}.azurecr.io`, name };
    case "azure-native:managedidentity:UserAssignedIdentity":
      return { principalId: `${name}-principal`, clientId: `${name}-client` };
    case "aws:ecr/repository:Repository":
      return {
        repositoryUrl: `${AWS_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/${inputs.name}`,
        registryId: AWS_ACCOUNT,
        arn: `arn:aws:ecr:us-east-1:${AWS_ACCOUNT}:repository/${inputs.name}`,
      };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { arn: `arn:aws:logs:us-east-1:${AWS_ACCOUNT}:log-group:${inputs.name}` };
    case "aws:iam/role:Role":
      return { arn: `arn:aws:iam::${AWS_ACCOUNT}:role/${name}`, name };
    case "aws:ecs/taskDefinition:TaskDefinition":
    case "aws:ecs/cluster:Cluster":
    case "aws:lb/targetGroup:TargetGroup":
      return { arn: `arn:aws:${type.split(":")[1].split("/")[0]}:us-east-1:${AWS_ACCOUNT}:${name}` };
    case "aws:lb/loadBalancer:LoadBalancer":
      return {
        arn: `arn:aws:elasticloadbalancing:us-east-1:${AWS_ACCOUNT}:loadbalancer/app/${name}`,
        dnsName: `${name}.us-east-1.elb.amazonaws.com`,
      };
    case "aws:ec2/vpc:Vpc":
      return { cidrBlock: inputs.cidrBlock };
    case "azure-native:app:ContainerApp":
      return { latestRevisionFqdn: `${name}.westeurope.azurecontainerapps.io` };
    case "azure-native:operationalinsights:Workspace":
      return { customerId: `${name}-customer`, name };
    case "azure-native:resources:ResourceGroup":
      return { name: `${name}-rg` };
    default:
      return {};
  }
}

/** Answers of the invokes the program makes. */
function invoke(token: string, inputs: Record<string, any>): Record<string, unknown> {
  switch (token) {
    case "aws:ecr/getAuthorizationToken:getAuthorizationToken":
      return {
        userName: "AWS",
        password: "ecr-password",
        proxyEndpoint: `https://${AWS_ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com`,
        authorizationToken: "x",
      };
    case "azure-native:authorization:getClientConfig":
      return { subscriptionId: "00000000-1111-2222-3333-444444444444", tenantId: "tenant", clientId: "client", objectId: "object" };
    case "azure-native:authorization:getClientToken":
      return { token: "aad-token" };
    case "azure-native:operationalinsights:getSharedKeys":
      return { primarySharedKey: "log-analytics-key" };
    case "aws:index/getAvailabilityZones:getAvailabilityZones":
      return { names: ["us-east-1a", "us-east-1b", "us-east-1c"] };
    default:
      return inputs;
  }
}

/** Install mocks for `stack` with `config` (flat `ns:key` map); returns the list they fill. */
export async function mockStack(stack: string, config: Record<string, string>, preview = false): Promise<Recorded[]> {
  const recorded: Recorded[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        recorded.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, ...computed(args.type, args.name, args.inputs) } };
      },
      call(args) {
        return invoke(args.token, args.inputs);
      },
    },
    "crossarch",
    stack,
    preview,
  );
  pulumi.runtime.setAllConfig(config);
  return recorded;
}

/** Resolve an output's value under mocks. */
export function valueOf<T>(output: pulumi.Output<T> | T): Promise<T> {
  return new Promise((resolve) => pulumi.output(output).apply((v) => resolve(v as T)));
}

/**
 * Wait until every pending registration and output of the mocked program has settled, so one
 * test's late work cannot land in the next test's mocks.
 */
export async function settle(): Promise<void> {
  await pulumi.runtime.disconnect();
}

/** The marker Pulumi puts around a secret value it serialises. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";

/** True when a recorded input arrived as a Pulumi secret. */
export function isSecretInput(value: unknown): boolean {
  return typeof value === "object" && value !== null && (value as Record<string, unknown>)[SECRET_SIG] === SECRET_VALUE;
}

/** A recorded input without its secret wrapper. */
export function plain<T = any>(value: unknown): T {
  return (isSecretInput(value) ? (value as { value: unknown }).value : value) as T;
}

/** The recorded resources of one type token. */
export function ofType(recorded: readonly Recorded[], type: string): Recorded[] {
  return recorded.filter((r) => r.type === type);
}

/** The one recorded resource with this type and name. */
export function one(recorded: readonly Recorded[], type: string, name: string): Recorded {
  const found = recorded.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1)
    throw new TypeError(
      `expected one ${type} named ${name}, found ${found.length}: ${recorded.map((r) => `${r.type}/${r.name}`).join(", ")}`,
    );
  return found[0];
}
