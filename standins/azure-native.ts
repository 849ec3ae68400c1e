/**
 * The `azure-native` stand-in: ARM resource ids, autonamed resource names, the outputs the
 * program reads (login server, principal ids, customer id, revision FQDN), replacements for
 * what ARM cannot change in place (name, resource group, location; role assignments are
 * immutable), and the invokes the program makes.
 */
import type { Autoname, ReplaceRule, ResourceContext, StandInPackage } from "./model";
import { guidOf, hashOf, secret, text, type Props } from "./values";

/** The subscription and tenant every stand-in id names. */
export const STANDIN_SUBSCRIPTION = guidOf("crossarch stand-in subscription");
export const STANDIN_TENANT = guidOf("crossarch stand-in tenant");

/** Per type: the input that holds the resource's name, and its ARM resource type path. */
const TYPES: Record<string, { nameProperty: string; arm: string; autoname?: Omit<Autoname, "property"> }> = {
  "azure-native:resources:ResourceGroup": { nameProperty: "resourceGroupName", arm: "" },
  "azure-native:containerregistry:Registry": {
    nameProperty: "registryName",
    arm: "Microsoft.ContainerRegistry/registries",
    autoname: { maxLength: 50, alphanumeric: true },
  },
  "azure-native:managedidentity:UserAssignedIdentity": {
    nameProperty: "resourceName",
    arm: "Microsoft.ManagedIdentity/userAssignedIdentities",
  },
  "azure-native:authorization:RoleAssignment": { nameProperty: "roleAssignmentName", arm: "Microsoft.Authorization/roleAssignments" },
  "azure-native:operationalinsights:Workspace": { nameProperty: "workspaceName", arm: "Microsoft.OperationalInsights/workspaces" },
  "azure-native:app:ManagedEnvironment": { nameProperty: "environmentName", arm: "Microsoft.App/managedEnvironments" },
  "azure-native:app:ContainerApp": { nameProperty: "containerAppName", arm: "Microsoft.App/containerApps" },
  "azure-native:app:Job": { nameProperty: "jobName", arm: "Microsoft.App/jobs" },
  "azure-native:storage:StorageAccount": {
    nameProperty: "accountName",
    arm: "Microsoft.Storage/storageAccounts",
    autoname: { maxLength: 24, alphanumeric: true },
  },
  "azure-native:storage:FileShare": { nameProperty: "shareName", arm: "Microsoft.Storage/storageAccounts/fileServices/shares" },
  "azure-native:app:ManagedEnvironmentsStorage": { nameProperty: "storageName", arm: "Microsoft.App/managedEnvironments/storages" },
};

function nameOf(ctx: { type: string; inputs: Props }): string {
  const t = TYPES[ctx.type];
  return t ? text(ctx.inputs[t.nameProperty]) : "";
}

export const azureNativeStandIn: StandInPackage = {
  name: "azure-native",

  autoname(type) {
    const t = TYPES[type];
    if (!t) return undefined;
    // role assignment names are GUIDs the provider generates
    if (type === "azure-native:authorization:RoleAssignment") return { property: t.nameProperty, guid: true };
    return { property: t.nameProperty, ...t.autoname };
  },

  id(ctx) {
    const t = TYPES[ctx.type];
    const name = nameOf(ctx);
    const rg = `/subscriptions/${STANDIN_SUBSCRIPTION}/resourceGroups/${text(ctx.inputs.resourceGroupName)}`;
    if (ctx.type === "azure-native:resources:ResourceGroup") return `/subscriptions/${STANDIN_SUBSCRIPTION}/resourceGroups/${name}`;
    if (ctx.type === "azure-native:authorization:RoleAssignment") return `${text(ctx.inputs.scope)}/providers/${t.arm}/${name}`;
    if (t) return `${rg}/providers/${t.arm}/${name}`;
    return `${rg}/providers/${ctx.type.replace(/^azure-native:/, "").replace(":", "/")}/${ctx.name}-${hashOf(8, ctx.urn)}`;
  },

  computed(ctx: ResourceContext): Props {
    const name = nameOf(ctx);
    const base: Props = { name, ...(ctx.type !== "azure-native:resources:ResourceGroup" && { type: TYPES[ctx.type]?.arm ?? ctx.type }) };
    const location = text(ctx.inputs.location);
    switch (ctx.type) {
      case "azure-native:containerregistry:Registry":
        return { ...base, loginServer: `${name.toLowerCase()}.azurecr.io`, provisioningState: "Succeeded" };
      case "azure-native:managedidentity:UserAssignedIdentity":
        return { ...base, principalId: guidOf("principal", ctx.id), clientId: guidOf("client", ctx.id), tenantId: STANDIN_TENANT };
      case "azure-native:operationalinsights:Workspace":
        return { ...base, customerId: guidOf("customer", ctx.id), provisioningState: "Succeeded" };
      case "azure-native:app:ManagedEnvironment":
        return {
          ...base,
          defaultDomain: `${hashOf(12, ctx.id)}.${location}.azurecontainerapps.io`,
          staticIp: "203.0.113.10",
          provisioningState: "Succeeded",
        };
      case "azure-native:app:ContainerApp": {
        const domain = `${hashOf(12, text(ctx.inputs.managedEnvironmentId))}.${location}.azurecontainerapps.io`;
        const revision = `${name}--${hashOf(7, ctx.inputs.template)}`;
        return { ...base, latestRevisionName: revision, latestRevisionFqdn: `${revision}.${domain}`, provisioningState: "Succeeded" };
      }
      default:
        return base;
    }
  },

  replaceRule(type): ReplaceRule {
    // ARM names a resource by its id: another name, group or location is another resource.
    const t = TYPES[type];
    const always = ["location", "resourceGroupName", ...(t ? [t.nameProperty] : [])];
    if (type === "azure-native:authorization:RoleAssignment")
      return { replace: [...always, "principalId", "roleDefinitionId", "scope", "principalType"] };
    if (type === "azure-native:app:ContainerApp") return { replace: [...always, "managedEnvironmentId", "environmentId"] };
    return { replace: always };
  },

  invoke(token, args) {
    switch (token) {
      case "azure-native:authorization:getClientConfig":
        return { clientId: guidOf("client"), objectId: guidOf("object"), subscriptionId: STANDIN_SUBSCRIPTION, tenantId: STANDIN_TENANT };
      case "azure-native:authorization:getClientToken":
        return { token: secret(`standin-aad-${hashOf(32, args.endpoint ?? "management")}`) };
      case "azure-native:operationalinsights:getSharedKeys":
        return {
          primarySharedKey: secret(Buffer.from(hashOf(48, "primary", args)).toString("base64")),
          secondarySharedKey: secret(Buffer.from(hashOf(48, "secondary", args)).toString("base64")),
        };
      case "azure-native:storage:listStorageAccountKeys":
        return {
          keys: ["key1", "key2"].map((keyName) => ({
            keyName,
            permissions: "FULL",
            value: secret(Buffer.from(hashOf(48, keyName, args)).toString("base64")),
          })),
        };
      default:
        return undefined;
    }
  },
};
