/**
 * The modules of @pulumi/oci crossarch uses, each imported on its own: the package's index
 * defines getters for every module, about 120 ms at every program start; these load
 * in about 5 ms (BENCHMARKS.md, real-engine preview). Import this as `oci` and use it as the
 * package: `oci.core.Vcn`.
 */
export * as artifacts from "@pulumi/oci/artifacts";
export * as containerengine from "@pulumi/oci/containerengine";
export * as core from "@pulumi/oci/core";
export * as filestorage from "@pulumi/oci/filestorage";
export { Provider } from "@pulumi/oci/provider";
