/**
 * `@crossarch/components/local`: replicas on this machine's Docker engine (the foreign arch
 * under QEMU) with rolling updates, the loopback registry, and the machine check that names a
 * missing piece. Loads no cloud SDK.
 */
export * from "../local/target";
export * from "../local/container";
export * from "../local/volume";
export * from "../local/job";
export * from "../local/preflight";
export * from "../local/registry";
export * from "../local/ports";
export type { ContainerProcessSpec } from "../local/process-spec";
