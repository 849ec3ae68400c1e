/**
 * `@crossarch/components/azure`: Azure Container Apps (linux/amd64) and ACR pulled with a
 * managed identity. Loads `@pulumi/azure-native` and no other cloud SDK.
 */
export * from "../targets/aca";
export * from "../registry/acr";
export * from "../registry/acr-token";
