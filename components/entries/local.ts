/**
 * `@crossarch/components/local`: replicas on this machine's Docker engine (the foreign arch
 * under QEMU) with rolling updates, the loopback registry, and the machine check that names a
 * missing piece. Loads no cloud SDK.
 */
export * from "../targets/local";
export * from "../targets/local-container";
export * from "../targets/local-volume";
export * from "../targets/local-job";
export * from "../targets/local-preflight";
export * from "../registry/local";
