/**
 * The storage of a local target's service on one arch: a named Docker volume per persistent
 * volume (kept by `pulumi destroy` unless the volume opts out), and the mounts its containers
 * get (those volumes, and tmpfs for scratch).
 */
import type * as pulumi from "@pulumi/pulumi";
import { LocalVolume } from "./volume";
import type { LocalService } from "./target";

/** Persistent volumes: one named volume per service, volume and arch, kept by destroy unless it opts out. */
export function volumes(parent: pulumi.Resource, name: string, app: string, s: LocalService): LocalVolume[] {
  return (s.volumes ?? [])
    .filter((v) => v.persistent)
    .map(
      (v) =>
        new LocalVolume(
          `${name}-${s.name}-${v.name}-${s.arch}`,
          {
            name: `${app}-${s.name}-${v.name}-${s.arch}`,
            labels: { "dev.crossarch.app": app, "dev.crossarch.service": s.name, "dev.crossarch.arch": s.arch },
          },
          { parent, retainOnDelete: v.retainOnDelete !== false },
        ),
    );
}

/** The mounts of a service's containers: its named volumes, and tmpfs for scratch. */
export function mounts(app: string, s: LocalService) {
  return (s.volumes ?? []).map((v) =>
    v.persistent
      ? { type: "volume" as const, source: `${app}-${s.name}-${v.name}-${s.arch}`, target: v.path }
      : { type: "tmpfs" as const, target: v.path, ...(v.sizeMiB !== undefined && { sizeMiB: v.sizeMiB }) },
  );
}
