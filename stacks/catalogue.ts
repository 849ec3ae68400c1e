/**
 * The stacks this project ships, in the order a multi-stack run takes them.
 * Each has a `Pulumi.<name>.yaml` at the project root.
 */

/** One shipped stack. */
export interface StackEntry {
  /** Stack name (`pulumi stack select <name>`). */
  name: string;
  /** What it deploys to. */
  description: string;
  /** Needs cloud credentials to preview or update (the local stack does not). */
  needsCloud: boolean;
}

/** Every shipped stack. */
export const STACKS: readonly StackEntry[] = [
  { name: "local", description: "this machine's Docker engine, a loopback registry, QEMU for the foreign arch", needsCloud: false },
  { name: "dev", description: "Azure Container Apps (amd64), AWS Fargate Graviton (arm64), OCI Ampere A1 (arm64)", needsCloud: true },
  { name: "prod", description: "the dev clouds with 3 API replicas, HTTPS and other regions (an example)", needsCloud: true },
];
