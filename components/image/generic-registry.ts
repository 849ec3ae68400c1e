/**
 * A registry crossarch does not create: GHCR, Docker Hub, Quay, Harbor, a self-hosted
 * distribution. Images are pushed to `<server>/<namespace>/<image>` with a username and a
 * password (a token) that stays a Pulumi secret end to end.
 */
import * as pulumi from "@pulumi/pulumi";
import { isLoopbackAddress, secretLogin, type ImageRegistry, type RegistryLogin } from "./login";

/** The inputs of {@link GenericRegistry}. */
export interface GenericRegistryArgs {
  /** Registry host, with a port when it has one: `ghcr.io`, `docker.io`, `quay.io`, `harbor.example.com:8443`. */
  server: string;
  /** Path prefix of every repository (an organisation or user: `acme`); none puts images at the top. */
  namespace?: string;
  /** Username, when the registry wants a login (every public one does for a push). */
  username?: pulumi.Input<string>;
  /** Password or access token (made secret here). */
  password?: pulumi.Input<string>;
}

/** A host, with an optional port: no scheme, no path. */
const SERVER = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/;
const NAMESPACE = /^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/;

/**
 * A registry that exists already, reached over HTTPS (plain HTTP only on a loopback IP).
 *
 * @example
 * ```ts
 * import { GenericRegistry } from "@crossarch/components/registry";
 * const ghcr = new GenericRegistry("ghcr", { server: "ghcr.io", namespace: "acme", username: "acme-bot", password: config.requireSecret("ghcrToken") });
 * ```
 */
export class GenericRegistry extends pulumi.ComponentResource implements ImageRegistry {
  readonly kind = "generic" as const;
  readonly server: pulumi.Output<string>;
  readonly login: pulumi.Output<RegistryLogin> | undefined;
  readonly insecure: boolean;
  private readonly prefix: string;

  constructor(name: string, args: GenericRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("crossarch:registry:GenericRegistry", name, {}, opts);
    if (!SERVER.test(args.server))
      throw new pulumi.InputPropertyError({
        propertyPath: "server",
        reason: `${JSON.stringify(args.server)} is not a registry host: a lowercase host name with an optional :port, no scheme or path (ghcr.io, docker.io)`,
      });
    if (args.namespace !== undefined && !NAMESPACE.test(args.namespace))
      throw new pulumi.InputPropertyError({
        propertyPath: "namespace",
        reason: `${JSON.stringify(args.namespace)} is not a repository path: lowercase words joined by '.', '_' or '-', parts separated by '/'`,
      });
    if ((args.username === undefined) !== (args.password === undefined))
      throw new pulumi.InputPropertyError({ propertyPath: "password", reason: "give both username and password, or neither" });
    this.prefix = args.namespace ? `${args.server}/${args.namespace}` : args.server;
    this.insecure = isLoopbackAddress(args.server); // the registry client reads these over HTTP too
    this.server = pulumi.output(args.server);
    this.login =
      args.username !== undefined && args.password !== undefined ? secretLogin(args.server, args.username, args.password) : undefined;
    this.registerOutputs({ server: this.server });
  }

  repositoryFor(image: string): pulumi.Output<string> {
    return pulumi.output(`${this.prefix}/${image}`);
  }

  cacheRepositoryFor(image: string): pulumi.Output<string> {
    return this.repositoryFor(image);
  }
}
