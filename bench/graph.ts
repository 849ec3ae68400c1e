/**
 * A recorded resource graph and its flat replay: what the honest floor registers (issue 18), as
 * a hand-written Pulumi program would: each resource with its provider SDK's own class (so with
 * the same output properties), imported by module. Loads nothing of crossarch.
 */
import * as pulumi from "@pulumi/pulumi";

/** One registered resource, as the replay needs it. */
export interface GraphNode {
  type: string;
  name: string;
  custom: boolean;
  /** Index of the parent in the graph, or -1 for the stack. */
  parent: number;
  /** Index of the explicit provider in the graph, or -1 for the default one. */
  provider: number;
  /** The plugin version the resource asked for ("" for none). */
  version: string;
  /** Top-level input keys whose values were secret. */
  secrets: string[];
  inputs: Record<string, unknown>;
}

type ResourceClass = new (name: string, args: Record<string, unknown>, opts: pulumi.CustomResourceOptions) => pulumi.Resource;

/**
 * The provider SDK's class of a type token (`aws:ecs/service:Service` -> @pulumi/aws/ecs's
 * Service, `pulumi:providers:oci` -> @pulumi/oci/provider's Provider); the replay fails on a type
 * it cannot find, rather than registering it differently.
 */
export function sdkClass(type: string): ResourceClass {
  const [pkg, mod, name] = type.split(":");
  const [path, exported] =
    pkg === "pulumi" && mod === "providers"
      ? [`@pulumi/${name}/provider`, "Provider"]
      : [mod === "index" ? `@pulumi/${pkg}` : `@pulumi/${pkg}/${mod.split("/")[0].toLowerCase()}`, name];
  const found = (require(path) as Record<string, ResourceClass & { __pulumiType?: string }>)[exported]; // eslint-disable-line @typescript-eslint/no-require-imports
  const token = pkg === "pulumi" ? name : type;
  if (found?.__pulumiType !== token) throw new TypeError(`no SDK class for ${type} in ${path}`);
  return found;
}

/** Register each node as it was (type, name, inputs, secrets, parent, provider, version) with its SDK class. */
export function replay(graph: readonly GraphNode[]): void {
  const made: pulumi.Resource[] = [];
  for (const node of graph) {
    const opts: pulumi.CustomResourceOptions = {
      ...(node.parent >= 0 && { parent: made[node.parent] }),
      ...(node.provider >= 0 && { provider: made[node.provider] as pulumi.ProviderResource }),
      ...(node.version && { version: node.version }),
    };
    const inputs = { ...node.inputs };
    for (const key of node.secrets) inputs[key] = pulumi.secret(inputs[key]);
    if (node.custom) made.push(new (sdkClass(node.type))(node.name, inputs, opts));
    else made.push(new pulumi.ComponentResource(node.type, node.name, {}, opts));
  }
}
