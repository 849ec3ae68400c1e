/**
 * The arch guard: before a target is created, the image it will run must contain the
 * target's platform. BuildKit's attestation manifests (`unknown/unknown`) do not count.
 */
import * as pulumi from "@pulumi/pulumi";
import { archOfPlatform, platformOf, type Arch } from "../model/arch";
import type { Problem } from "../model/problems";

/** What the guard checks. */
export interface GuardInput {
  /** The image, for messages (config name or reference). */
  image: string;
  /** The target, for messages (`aws (AWS Fargate)`). */
  target: string;
  /** The arch the target runs. */
  arch: Arch;
  /** Every platform entry found in the image (index entries or build platforms). */
  platforms: readonly string[];
}

/** The archs an image really runs, ignoring attestation and foreign entries. */
export function runnableArches(platforms: readonly string[]): Arch[] {
  return [...new Set(platforms.map(archOfPlatform).filter((a): a is Arch => a !== undefined))];
}

/** A problem (at `image`) when the image cannot run on the target's arch; none when it can. */
export function archGuard(input: GuardInput): Problem[] {
  if (runnableArches(input.platforms).includes(input.arch)) return [];
  const found = input.platforms.length === 0 ? "none" : input.platforms.map((p) => (archOfPlatform(p) ? p : `${p} (ignored)`)).join(", ");
  return [
    {
      path: ["image"],
      message: `image ${input.image} cannot run on target ${input.target}: it needs ${platformOf(input.arch)} but the image has ${found}`,
    },
  ];
}

/** Throw an `InputPropertyError` at `image` when the guard refuses. */
export function assertImageRunsOn(input: GuardInput): void {
  const [problem] = archGuard(input);
  if (problem) throw new pulumi.InputPropertyError({ propertyPath: "image", reason: problem.message });
}
