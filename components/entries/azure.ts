/**
 * `@crossarch/components/azure`: Azure Container Apps (linux/amd64) and ACR pulled with a
 * managed identity. Loads `@pulumi/azure-native` and no other cloud SDK.
 */
export * from "../azure/aca";
export * from "../azure/acr";
export * from "../azure/acr-token";
