/**
 * `@crossarch/components/oci`: OCI Container Instances on Ampere A1 (arm64) or AMD shapes, their
 * VCN, and OCIR. Loads `@pulumi/oci` and no other cloud SDK.
 */
export * from "../targets/oci";
export * from "../targets/oci-network";
export * from "../registry/ocir";
