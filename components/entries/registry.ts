/**
 * `@crossarch/components/registry`: what every registry component gives images and targets
 * (`ImageRegistry`, `RegistryLogin`) and the helpers to implement another. The registries
 * themselves sit with their cloud: ECR in `/aws`, ACR in `/azure`, OCIR in `/oci`, the loopback
 * registry in `/local`.
 */
export * from "../image/login";
export * from "../image/generic-registry";
