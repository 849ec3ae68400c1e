/**
 * The `arch` tag agrees with what the resource really runs, and the image it runs contains
 * that platform.
 */
import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { archOfEc2InstanceType, archOfEcsCpuArchitecture, archOfOciShape, archOfPlatform, type Arch } from "./arch-facts";
import { KIND_FACTS } from "./kind-facts";
import { TYPES, tagsOf } from "./resources";

/** The arch a compute resource really runs, from its own settings; `undefined` when it says none. */
export function runtimeArch(args: Pick<ResourceValidationArgs, "type" | "props">): { arch: Arch | undefined; from: string } | undefined {
  const p = args.props;
  switch (args.type) {
    case TYPES.taskDefinition: {
      const cpu = (p.runtimePlatform as { cpuArchitecture?: string } | undefined)?.cpuArchitecture ?? "X86_64";
      return { arch: archOfEcsCpuArchitecture(cpu), from: `runtimePlatform.cpuArchitecture ${cpu}` };
    }
    case TYPES.ociInstance:
      return { arch: archOfOciShape(String(p.shape)), from: `shape ${String(p.shape)}` };
    case TYPES.ec2Instance:
      return { arch: archOfEc2InstanceType(String(p.instanceType)), from: `instance type ${String(p.instanceType)}` };
    case TYPES.containerApp: {
      // Container Apps run one arch: the kind's own facts say which
      const aca = KIND_FACTS.find((k) => k.kind === "aca");
      const only = aca?.arches.length === 1 ? aca.arches[0] : undefined;
      return { arch: only, from: `${aca?.title ?? "Azure Container Apps"} (linux/${only ?? "?"} only)` };
    }
    default:
      return undefined;
  }
}

export const archMatchesRuntime: ResourceValidationPolicy = {
  name: "crossarch-arch-matches-runtime",
  description:
    "The `arch` tag agrees with what the resource runs: ECS runtimePlatform, OCI shape, EC2 instance family, Container Apps (amd64).",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    const runtime = runtimeArch(args) ?? args.notApplicable("not a compute resource");
    const tag = tagsOf(args.type, args.props)?.arch;
    if (runtime.arch === undefined) report(`runs an architecture crossarch does not know (${runtime.from})`);
    else if (tag !== undefined && tag !== runtime.arch) report(`is tagged arch ${tag} but runs ${runtime.arch} (${runtime.from})`);
  },
};

/** The `image-platforms` lists a compute resource carries: one per container. */
function imagePlatformLists(args: Pick<ResourceValidationArgs, "type" | "props">): { where: string; platforms: string | undefined }[] {
  if (args.type === TYPES.ociInstance) {
    const containers = (args.props.containers as { displayName?: string; freeformTags?: Record<string, string> }[] | undefined) ?? [];
    return containers.map((c) => ({ where: `container ${c.displayName ?? "?"}`, platforms: c.freeformTags?.["image-platforms"] }));
  }
  return [{ where: "its image", platforms: tagsOf(args.type, args.props)?.["image-platforms"] }];
}

export const imageHasPlatform: ResourceValidationPolicy = {
  name: "crossarch-image-has-platform",
  description:
    "The image a compute resource runs contains that resource's platform (from the `image-platforms` tag crossarch sets from the build or the registry index).",
  enforcementLevel: "mandatory",
  validateResource: (args, report) => {
    const runtime = runtimeArch(args) ?? args.notApplicable("not a compute resource");
    if (runtime.arch === undefined || args.type === TYPES.ec2Instance) args.notApplicable("no container image to check");
    for (const { where, platforms } of imagePlatformLists(args)) {
      if (platforms === undefined) {
        report(`${where} has no image-platforms tag, so nothing shows it contains linux/${runtime.arch}`);
        continue;
      }
      const arches = platforms.split(" ").map(archOfPlatform);
      if (!arches.includes(runtime.arch))
        report(`${where} contains ${platforms || "no platform"} but the resource runs linux/${runtime.arch} (${runtime.from})`);
    }
  },
};
