/**
 * The local registry: a registry already running on a loopback address (the bootstrap
 * script starts one). No cloud resources; it validates the address and carries credentials.
 */
import * as pulumi from "@pulumi/pulumi";
import { isLoopbackAddress, secretLogin, type ImageRegistry, type RegistryLogin } from "../image/login";

/** The inputs of {@link LocalRegistry}. */
export interface LocalRegistryArgs {
  /** `127.0.0.1:5000`: a loopback address only, so pushes never leave the machine. */
  address: string;
  /**
   * The caller checked that the address's host name resolves to a loopback address (a name that
   * is not a loopback IP or `localhost` is refused without it).
   * @default false
   */
  resolvesToLoopback?: boolean;
  /**
   * The registry serves HTTPS (a name with a certificate); otherwise plain HTTP on a loopback IP.
   * @default false
   */
  tls?: boolean;
  /** Path prefix of every repository, e.g. the app name. */
  namespace: string;
  /** Username, when the registry has htpasswd auth. */
  username?: pulumi.Input<string>;
  /** Password (made secret here), when the registry has auth. */
  password?: pulumi.Input<string>;
}

/**
 * A registry on a loopback address (nothing is pushed off this machine), with optional
 * credentials kept secret.
 *
 * @example
 * ```ts
 * import { LocalRegistry } from "@crossarch/components/local";
 * const registry = new LocalRegistry("local", { address: "127.0.0.1:5000", resolvesToLoopback: true, namespace: "shop" });
 * ```
 */
export class LocalRegistry extends pulumi.ComponentResource implements ImageRegistry {
  readonly kind = "local" as const;
  readonly server: pulumi.Output<string>;
  readonly login: pulumi.Output<RegistryLogin> | undefined;
  readonly insecure: boolean;
  private readonly namespace: string;

  constructor(name: string, args: LocalRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("crossarch:registry:LocalRegistry", name, {}, opts);
    if (!isLoopbackAddress(args.address) && !args.resolvesToLoopback) {
      throw new pulumi.InputPropertyError({
        propertyPath: "address",
        reason: `${JSON.stringify(args.address)} is not a loopback address; use 127.0.0.1:<port>, localhost:<port>, or a name checked to resolve to 127.0.0.0/8`,
      });
    }
    if ((args.username === undefined) !== (args.password === undefined)) {
      throw new pulumi.InputPropertyError({ propertyPath: "password", reason: "give both username and password, or neither" });
    }
    this.namespace = args.namespace;
    this.insecure = !(args.tls ?? false);
    this.server = pulumi.output(args.address);
    this.login =
      args.username !== undefined && args.password !== undefined ? secretLogin(args.address, args.username, args.password) : undefined;
    this.registerOutputs({ server: this.server });
  }

  repositoryFor(image: string): pulumi.Output<string> {
    return this.server.apply((s) => `${s}/${this.namespace}/${image}`);
  }

  cacheRepositoryFor(image: string): pulumi.Output<string> {
    return this.repositoryFor(image);
  }
}
