/**
 * Volumes of a service: scratch space that goes with its container, or persistent storage that
 * keeps its data across container, task and instance replacement (EFS on Fargate, Azure Files
 * on Container Apps, OCI File Storage, a Docker named volume locally).
 */
import type { Problem } from "./problems";

/** One volume mounted into a service's containers. */
export interface ServiceVolume {
  /** Unique within the service; part of its storage's names. */
  name: string;
  /** Absolute path in the container. */
  path: string;
  /** Keep the data across replacements; otherwise scratch space. */
  persistent: boolean;
  /** Size where the target takes one (an Azure Files quota, a local tmpfs), in MiB. */
  sizeMiB?: number;
  /** Persistent storage outlives `pulumi destroy` unless false; default true. */
  retainOnDelete?: boolean;
}

/** Names and paths unique, paths absolute; problems sit at `volumes[j]...`. */
export function validateVolumes(volumes: readonly ServiceVolume[]): Problem[] {
  const problems: Problem[] = [];
  const names = new Map<string, number>();
  const paths = new Map<string, number>();
  volumes.forEach((v, j) => {
    if (names.has(v.name))
      problems.push({ path: ["volumes", j, "name"], message: `${JSON.stringify(v.name)} is already volumes[${names.get(v.name)}]` });
    if (!v.path.startsWith("/") || v.path === "/")
      problems.push({ path: ["volumes", j, "path"], message: `${JSON.stringify(v.path)} must be an absolute path other than /` });
    else if (paths.has(v.path))
      problems.push({
        path: ["volumes", j, "path"],
        message: `${JSON.stringify(v.path)} is already mounted by volumes[${paths.get(v.path)}]`,
      });
    names.set(v.name, j);
    paths.set(v.path, j);
  });
  return problems;
}

/** The service's persistent volumes. */
export function persistentVolumes(s: { volumes?: readonly ServiceVolume[] }): ServiceVolume[] {
  return (s.volumes ?? []).filter((v) => v.persistent);
}

/** What a service writes outside persistent volumes (lost when it is replaced): a writable root filesystem, or scratch volumes. */
export function dataAtRisk(s: { readOnlyRootFilesystem: boolean; volumes?: readonly ServiceVolume[] }): string | undefined {
  const scratch = (s.volumes ?? []).filter((v) => !v.persistent).map((v) => v.path);
  if (!s.readOnlyRootFilesystem) return "a writable root filesystem";
  return scratch.length > 0 ? `scratch volumes (${scratch.join(", ")})` : undefined;
}
