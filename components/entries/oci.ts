/**
 * `@crossarch/components/oci`: OCI Container Instances on Ampere A1 (arm64) or AMD shapes, their
 * VCN, and OCIR. Loads `@pulumi/oci` and no other cloud SDK.
 */
export * from "../oci/instance";
export * from "../oci/network";
export * from "../oci/ocir";
