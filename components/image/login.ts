/**
 * What every registry component hands to image builds and deployments: the registry host,
 * a repository per image, and push/pull credentials whose password is a Pulumi secret.
 */
import * as pulumi from "@pulumi/pulumi";

/** Credentials for one registry, as docker-build's `registries` entries take them. */
export interface RegistryLogin {
  /** Registry host (`123.dkr.ecr.us-east-1.amazonaws.com`, `127.0.0.1:5000`). */
  address: string;
  /** User name; absent for a registry without auth. */
  username?: string;
  /** Always wrapped with `pulumi.secret`. */
  password?: string;
}

/** A registry images are pushed to and deployments pull from. */
export interface ImageRegistry {
  /** Which kind of registry (for messages and policies). */
  readonly kind: "acr" | "ecr" | "ocir" | "local" | "generic";
  /** Registry host. */
  readonly server: pulumi.Output<string>;
  /** The repository (no tag) an image of this name goes to. */
  repositoryFor(image: string): pulumi.Output<string>;
  /** The repository that holds an image's build cache (a mutable one where image tags are immutable). */
  cacheRepositoryFor(image: string): pulumi.Output<string>;
  /** Push credentials; `undefined` for a registry without auth. The password output is secret. */
  readonly login: pulumi.Output<RegistryLogin> | undefined;
  /** True when the registry speaks plain HTTP (loopback only). */
  readonly insecure: boolean;
}

/** Make a login whose password is secret end to end. */
export function secretLogin(
  address: pulumi.Input<string>,
  username: pulumi.Input<string>,
  password: pulumi.Input<string>,
): pulumi.Output<RegistryLogin> {
  return pulumi.secret(pulumi.all([address, username, password]).apply(([a, u, p]) => ({ address: a, username: u, password: p })));
}

/** True for `127.x.y.z:port` and `localhost:port`. */
export function isLoopbackAddress(address: string): boolean {
  return /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])(:\d{1,5})?$/.test(address);
}

/** Look up the repository made for an image, or say which images have one. */
export function repositoryOf<T>(repositories: Record<string, T>, image: string): T {
  const repo = repositories[image];
  if (repo === undefined) {
    throw new pulumi.InputPropertyError({
      propertyPath: "images",
      reason: `no repository for image ${JSON.stringify(image)}; created: ${Object.keys(repositories).join(", ")}`,
    });
  }
  return repo;
}
