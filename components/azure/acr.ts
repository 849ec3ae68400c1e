/**
 * ACR: a registry with the admin user disabled, a user-assigned identity that pulls with the
 * AcrPull role (for Container Apps), and push credentials from an AAD token exchange.
 */
import * as authorization from "@pulumi/azure-native/authorization";
import * as containerregistry from "@pulumi/azure-native/containerregistry";
import * as managedidentity from "@pulumi/azure-native/managedidentity";
import * as pulumi from "@pulumi/pulumi";
import { ACR_TOKEN_USERNAME, exchangeAcrToken, type AcrTokenExchange } from "./acr-token";
import { secretLogin, type ImageRegistry, type RegistryLogin } from "../image/login";

/** The built-in AcrPull role. */
export const ACR_PULL_ROLE_ID = "7f951dda-4ed3-4680-a7ca-43fe172d538d";

/** The inputs of {@link AcrRegistry}. */
export interface AcrRegistryArgs {
  /** The resource group the registry and its pull identity go in. */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region, e.g. `westeurope`. */
  location: pulumi.Input<string>;
  /** Repository path prefix, e.g. the app name. */
  namespace: string;
  /** Registry name (5-50 letters or digits, globally unique); auto-named when left out. */
  registryName?: string;
  /**
   * The registry's pricing tier.
   * @default "Basic"
   */
  sku?: "Basic" | "Standard" | "Premium";
  /** The standard tags. */
  tags: Record<string, string>;
  /**
   * Exchanges the deployer's AAD token for push credentials (tests replace it). Called only
   * during `up` (a preview makes no network call: the login is unknown there).
   * @default exchangeAcrToken (the registry's `/oauth2/exchange` endpoint)
   */
  tokenExchange?: AcrTokenExchange;
}

/**
 * An ACR with the admin user off, a managed identity that pulls, and push credentials from the
 * deployer's AAD token (exchanged during `up` only).
 *
 * @example
 * ```ts
 * import { AcrRegistry } from "@crossarch/components/azure";
 * const acr = new AcrRegistry("acr", { resourceGroupName: rg.name, location: "westeurope", namespace: "shop", tags });
 * ```
 */
export class AcrRegistry extends pulumi.ComponentResource implements ImageRegistry {
  readonly kind = "acr" as const;
  readonly insecure = false;
  /** The registry itself (admin user disabled, anonymous pull off). */
  readonly registry: containerregistry.Registry;
  /** The identity a Container App uses to pull (AcrPull on this registry). */
  readonly pullIdentity: managedidentity.UserAssignedIdentity;
  readonly server: pulumi.Output<string>;
  readonly login: pulumi.Output<RegistryLogin>;
  private readonly namespace: string;

  constructor(name: string, args: AcrRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("crossarch:registry:AcrRegistry", name, {}, opts);
    if (args.registryName !== undefined && !/^[a-zA-Z0-9]{5,50}$/.test(args.registryName)) {
      throw new pulumi.InputPropertyError({
        propertyPath: "registryName",
        reason: `${JSON.stringify(args.registryName)}: ACR names are 5-50 letters or digits`,
      });
    }
    this.namespace = args.namespace;
    this.registry = new containerregistry.Registry(
      `${name.replace(/[^a-zA-Z0-9]/g, "")}acr`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        ...(args.registryName !== undefined && { registryName: args.registryName }),
        sku: { name: args.sku ?? "Basic" },
        adminUserEnabled: false,
        anonymousPullEnabled: false,
        tags: args.tags,
      },
      { parent: this },
    );
    this.pullIdentity = new managedidentity.UserAssignedIdentity(
      `${name}-pull`,
      { resourceGroupName: args.resourceGroupName, location: args.location, tags: args.tags },
      { parent: this },
    );
    const client = authorization.getClientConfigOutput({ parent: this });
    new authorization.RoleAssignment(
      `${name}-acrpull`,
      {
        principalId: this.pullIdentity.principalId,
        principalType: "ServicePrincipal",
        roleDefinitionId: pulumi.interpolate`/subscriptions/${client.subscriptionId}/providers/Microsoft.Authorization/roleDefinitions/${ACR_PULL_ROLE_ID}`,
        scope: this.registry.id,
      },
      { parent: this },
    );
    this.server = this.registry.loginServer;
    const aadToken = authorization.getClientTokenOutput({}, { parent: this }).token;
    const exchange = args.tokenExchange ?? exchangeAcrToken;
    // Push credentials are needed only to push, which happens during `up`: a preview stays
    // offline and carries an empty password (docker-build's diff ignores passwords, so this is no
    // change; a preview build just cannot read the registry cache).
    const refreshToken = pulumi
      .all([this.server, pulumi.secret(aadToken)])
      .apply(([server, token]): Promise<string> => (pulumi.runtime.isDryRun() ? Promise.resolve("") : exchange(server, token)));
    this.login = secretLogin(this.server, ACR_TOKEN_USERNAME, refreshToken);
    this.registerOutputs({ server: this.server, pullIdentityId: this.pullIdentity.id });
  }

  repositoryFor(image: string): pulumi.Output<string> {
    return pulumi.interpolate`${this.server}/${this.namespace}/${image}`;
  }

  cacheRepositoryFor(image: string): pulumi.Output<string> {
    return this.repositoryFor(image);
  }
}
