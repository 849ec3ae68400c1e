/**
 * What the policies know about resource types: which take tags and where, which run
 * containers, and how to read an ECS task's container definitions.
 */

/** Taggable types and the property that holds their tags. */
export const TAGGABLE: Readonly<Record<string, "tags" | "freeformTags">> = {
  "aws:ecr/repository:Repository": "tags",
  "aws:ecs/cluster:Cluster": "tags",
  "aws:ecs/service:Service": "tags",
  "aws:ecs/taskDefinition:TaskDefinition": "tags",
  "aws:cloudwatch/logGroup:LogGroup": "tags",
  "aws:iam/role:Role": "tags",
  "aws:lb/loadBalancer:LoadBalancer": "tags",
  "aws:lb/targetGroup:TargetGroup": "tags",
  "aws:lb/listener:Listener": "tags",
  "aws:ec2/securityGroup:SecurityGroup": "tags",
  "aws:ec2/vpc:Vpc": "tags",
  "aws:ec2/subnet:Subnet": "tags",
  "aws:ec2/internetGateway:InternetGateway": "tags",
  "aws:ec2/routeTable:RouteTable": "tags",
  "aws:ec2/eip:Eip": "tags",
  "aws:ec2/natGateway:NatGateway": "tags",
  "aws:ec2/instance:Instance": "tags",
  "azure-native:resources:ResourceGroup": "tags",
  "azure-native:containerregistry:Registry": "tags",
  "azure-native:managedidentity:UserAssignedIdentity": "tags",
  "azure-native:operationalinsights:Workspace": "tags",
  "azure-native:app:ManagedEnvironment": "tags",
  "azure-native:app:ContainerApp": "tags",
  "oci:Artifacts/containerRepository:ContainerRepository": "freeformTags",
  "oci:ContainerEngine/containerInstance:ContainerInstance": "freeformTags",
  "oci:Core/vcn:Vcn": "freeformTags",
  "oci:Core/subnet:Subnet": "freeformTags",
  "oci:Core/natGateway:NatGateway": "freeformTags",
  "oci:Core/internetGateway:InternetGateway": "freeformTags",
  "oci:Core/routeTable:RouteTable": "freeformTags",
  "oci:Core/securityList:SecurityList": "freeformTags",
};

export const TYPES = {
  taskDefinition: "aws:ecs/taskDefinition:TaskDefinition",
  ecsService: "aws:ecs/service:Service",
  ecrRepository: "aws:ecr/repository:Repository",
  ecrLifecyclePolicy: "aws:ecr/lifecyclePolicy:LifecyclePolicy",
  ec2Instance: "aws:ec2/instance:Instance",
  containerApp: "azure-native:app:ContainerApp",
  acr: "azure-native:containerregistry:Registry",
  ociInstance: "oci:ContainerEngine/containerInstance:ContainerInstance",
  buildImage: "docker-build:index:Image",
} as const;

/** The tags of a resource of a taggable type, or `undefined` when it has none. */
export function tagsOf(type: string, props: Record<string, unknown>): Record<string, string> | undefined {
  const key = TAGGABLE[type];
  if (!key) return undefined;
  // AWS merges the provider's default tags into `tagsAll`: a tag set there counts
  const all = type.startsWith("aws:") ? (props.tagsAll as Record<string, string> | undefined) : undefined;
  const own = props[key] as Record<string, string> | undefined;
  return all === undefined && own === undefined ? undefined : { ...all, ...own };
}

/** One ECS container definition, the fields the policies read. */
export interface EcsContainer {
  name?: string;
  user?: string;
  privileged?: boolean;
  readonlyRootFilesystem?: boolean;
  logConfiguration?: { logDriver?: string };
  healthCheck?: { command?: string[] };
}

/** ECS keeps container definitions as a JSON string; parse it. */
export function ecsContainers(props: Record<string, unknown>): EcsContainer[] {
  const raw = props.containerDefinitions;
  const parsed: unknown = typeof raw === "string" ? JSON.parse(raw) : raw;
  return Array.isArray(parsed) ? (parsed as EcsContainer[]) : [];
}

/** True for a user that is root: missing, `root`, `0` or `0:<gid>`. */
export function isRootUser(user: string | undefined): boolean {
  return user === undefined || user === "" || user === "root" || /^0(:\d+)?$/.test(user) || user.startsWith("root:");
}
