/**
 * What takes effect where: every key of a service either does something on a target kind or is
 * refused there, naming the key, the target and why. One table of rules, read by the target
 * components (their own args) and by the stack config (mapped to config keys).
 *
 * | key | aca | fargate | oci | local |
 * |---|---|---|---|---|
 * | health.path | HTTP probes | public: ALB check; else refused | HTTP check | HTTP check from the host |
 * | health.readinessPath | readiness probe | public: ALB check; else refused | refused (no readiness gate) | gates each rolling step |
 * | health.command | refused (probes are HTTP/TCP) | container check | refused (checks are HTTP/TCP) | Docker HEALTHCHECK |
 * | no path, no command | TCP probes | refused (needs a command) | TCP check | TCP check from the host |
 * | user | refused (no such setting) | `user` | runAsUser/runAsGroup | `User` |
 * | readOnlyRootFilesystem: true | refused (no such setting) | yes | yes | yes |
 * | health.port (not the main port) | probes it | public: ALB checks it; else refused | checks it | refused unless a declared port |
 * | public | external ingress (HTTP only) | ALB (HTTP only) | public IP + NSG (needs assignPublicIp) | listed in the stack's URLs |
 * | volumes[].size | persistent: share quota (GiB); scratch: refused | refused (EFS, task storage) | refused | persistent: refused; scratch: tmpfs size |
 */
import type { Problem } from "../problems";
import { TARGET_KIND_NAMES, type TargetKind } from "../target-kind";
import { mainPort, portsOf } from "./ports";
import type { TargetService } from "./service";

/** What the rules need beyond the service. */
export interface SupportContext {
  /** Target name, for messages. */
  target: string;
  /** OCI: the instance gets a public IP (without it a public service would have no public address). */
  publicIp?: boolean;
}

type Checked = Pick<TargetService, "health" | "user" | "readOnlyRootFilesystem" | "public" | "port" | "ports" | "volumes">;

/** Why a volume's size has no effect, per kind and persistence; undefined where it sizes something. */
const SIZE_IGNORED: Record<TargetKind, { persistent?: string; scratch?: string }> = {
  aca: { scratch: "a Container Apps EmptyDir volume has no size" },
  fargate: {
    persistent: "EFS grows as needed and takes no size",
    scratch: "Fargate's task storage is shared by the task, not sized per volume",
  },
  oci: { persistent: "OCI File Storage grows as needed and takes no size", scratch: "an OCI EMPTYDIR volume has no size" },
  local: { persistent: "a Docker named volume takes no size" },
};

/** Problems of one service on one target kind; paths are relative to the service. */
export function validateSupport(kind: TargetKind, s: Checked, ctx: SupportContext): Problem[] {
  const where = `target ${ctx.target} (${TARGET_KIND_NAMES[kind]})`;
  const problems: Problem[] = [];
  const refuse = (path: (string | number)[], why: string) => problems.push({ path, message: `has no effect on ${where}: ${why}` });
  const h = s.health;
  (s.volumes ?? []).forEach((v, j) => {
    const why = SIZE_IGNORED[kind][v.persistent ? "persistent" : "scratch"];
    if (v.sizeMiB !== undefined && why) refuse(["volumes", j, "size"], why);
    if (kind === "aca" && v.persistent && v.sizeMiB !== undefined && v.sizeMiB % 1024 !== 0)
      problems.push({
        path: ["volumes", j, "size"],
        message: `${v.sizeMiB}Mi is not a whole number of GiB: an Azure Files share quota on target ${ctx.target} is set in GiB`,
      });
  });
  switch (kind) {
    case "aca":
      if (h.command)
        refuse(["health", "command"], "Container Apps probes are HTTP or TCP only; give the command only to targets that run it");
      if (s.user !== undefined)
        refuse(["user"], "Container Apps has no setting for the user a container runs as (the image's USER applies)");
      if (s.readOnlyRootFilesystem)
        refuse(["readOnlyRootFilesystem"], "Container Apps cannot mount a container's root filesystem read-only; set it to false there");
      if (s.public && mainPort(s)?.protocol === "tcp")
        refuse(
          ["public"],
          "external TCP ingress needs a VNet-integrated environment, which AcaTarget does not create; TCP ports are internal",
        );
      break;
    case "fargate":
      if (!s.public) {
        const why = "ECS checks HTTP only at a public service's load balancer, and this service is not public; its check is health.command";
        if (h.path !== undefined) refuse(["health", "path"], why);
        if (h.readinessPath !== undefined) refuse(["health", "readinessPath"], why);
      }
      if (s.public && mainPort(s)?.protocol === "tcp")
        refuse(["public"], "the public load balancer is an ALB, which serves HTTP only; make the main port http");
      if (!s.public && h.port !== undefined && h.port !== mainPort(s)?.port)
        refuse(["health", "port"], "no check of a service that is not public uses a port: ECS runs health.command inside the container");
      break;
    case "oci":
      if (h.command)
        refuse(["health", "command"], "OCI container health checks are HTTP or TCP only; give the command only to targets that run it");
      if (h.readinessPath !== undefined)
        refuse(
          ["health", "readinessPath"],
          "an OCI container instance has no readiness gate (no load balancer in front); only health.path runs",
        );
      if (s.public && ctx.publicIp === false)
        refuse(["public"], "the instance has no public IP, so nothing outside reaches the service; give the target assignPublicIp: true");
      break;
    case "local": {
      // everything listens on loopback; `public` services are the ones the target lists as URLs
      const ports = portsOf(s);
      if (h.port !== undefined && ports.length > 0 && !ports.some((p) => p.port === h.port))
        refuse(
          ["health", "port"],
          `each declared port gets its own loopback port here, and ${h.port} is not one of the service's ports; add it to ports`,
        );
      break;
    }
  }
  return problems;
}
