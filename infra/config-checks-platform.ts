/**
 * Checks of what the platforms and the project allow: images (build contexts inside the project,
 * parseable refs), places (regions, certificates, availability domains), limits of derived
 * names and values, one local target per stack.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseImageRef, type Problem } from "@crossarch/components/model";
import type { CheckContext } from "./config-checks";
import type { ParsedConfig } from "./config-schema";
import type { Deployment } from "./plan";

/**
 * Images: a build's context and Dockerfile exist inside the project (a path that leaves it, such
 * as ../../etc, never reaches a build); a ref parses as an image reference.
 */
export function checkImages(config: ParsedConfig, ctx: CheckContext): Problem[] {
  const problems: Problem[] = [];
  for (const [name, image] of Object.entries(config.images)) {
    if (image.ref !== undefined && parseImageRef(image.ref) === undefined)
      problems.push({
        path: ["images", name, "ref"],
        message: `${JSON.stringify(image.ref)} is not an image reference: expected [registry/]repository[:tag][@sha256:<64 hex>], lowercase repository`,
      });
    if (image.build === undefined || ctx.projectRoot === undefined) continue;
    const root = path.resolve(ctx.projectRoot);
    const inside = (p: string) => p === root || p.startsWith(root + path.sep);
    const context = path.resolve(root, image.build.context);
    const dockerfile = path.resolve(root, image.build.dockerfile ?? path.join(image.build.context, "Dockerfile"));
    const key = (k: string) => ["images", name, "build", k];
    if (!inside(context))
      problems.push({ path: key("context"), message: `${JSON.stringify(image.build.context)} lies outside the project (${root})` });
    else if (!fs.existsSync(context) || !fs.statSync(context).isDirectory())
      problems.push({ path: key("context"), message: `${JSON.stringify(image.build.context)} is not a directory of the project` });
    if (!inside(dockerfile))
      problems.push({
        path: key("dockerfile"),
        message: `${JSON.stringify(path.relative(root, dockerfile))} lies outside the project (${root})`,
      });
    else if (inside(context) && !fs.existsSync(dockerfile))
      problems.push({
        path: key(image.build.dockerfile ? "dockerfile" : "context"),
        message: `${JSON.stringify(path.relative(root, dockerfile))} does not exist${image.build.dockerfile ? "" : "; give build.dockerfile when it has another name"}`,
      });
  }
  return problems;
}

/**
 * Places that must agree: an ACM certificate in the Fargate target's region, an OCI availability
 * domain in the OCI target's region.
 */
export function checkPlaces(config: ParsedConfig): Problem[] {
  const problems: Problem[] = [];
  for (const [name, t] of Object.entries(config.targets)) {
    if (t.kind === "fargate" && t.certificateArn) {
      const region = t.certificateArn.split(":")[3];
      if (region !== t.region)
        problems.push({
          path: ["targets", name, "certificateArn"],
          message: `is in ${region || "no region"}, but the target's load balancers are in ${t.region}; an ALB takes only a certificate of its own region`,
        });
    }
    if (t.kind === "oci") {
      const m = /([A-Z]+-[A-Z]+-\d+)-AD-\d+$/.exec(t.availabilityDomain);
      if (m && m[1].toLowerCase() !== t.region)
        problems.push({
          path: ["targets", name, "availabilityDomain"],
          message: `${t.availabilityDomain} is in ${m[1].toLowerCase()}, not in the target's region ${t.region}`,
        });
    }
  }
  return problems;
}

/** The most env an ECS container definition may carry: the task definition is capped at 64 KiB. */
const ECS_ENV_BYTES = 48 * 1024;
/** Container App names: at most 32 characters; Pulumi names an app `<target>-<service>` plus an 8-character suffix. */
const ACA_APP_NAME_MAX = 32;

/** Limits of the platforms that the names and values crossarch derives must keep. */
export function checkPlatformLimits(deployments: readonly Deployment[]): Problem[] {
  const problems = new Map<string, Problem>();
  const add = (p: Problem) => problems.set(JSON.stringify(p), p);
  for (const d of deployments) {
    if (d.kind === "fargate") {
      const bytes = Object.entries(d.env).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v) + 30, 0);
      if (bytes > ECS_ENV_BYTES)
        add({
          path: ["services", d.serviceIndex, "env"],
          message: `is ${Math.round(bytes / 1024)} KiB on target ${d.target} (AWS Fargate); an ECS task definition is capped at 64 KiB, so keep env under ${ECS_ENV_BYTES / 1024} KiB (large values belong in a volume or a secret)`,
        });
    }
    if (d.kind === "aca") {
      const length = `${d.target}-${d.service}`.length + 8;
      if (length > ACA_APP_NAME_MAX)
        add({
          path: ["services", d.serviceIndex, "name"],
          message: `makes the Container App name ${d.target}-${d.service} plus Pulumi's 8-character suffix, ${length} characters; Container Apps allow ${ACA_APP_NAME_MAX}: shorten the service or the target name`,
        });
    }
  }
  return [...problems.values()];
}

/** One local target per stack: two would give their containers the same names. */
export function checkLocalTargets(config: ParsedConfig): Problem[] {
  const locals = Object.entries(config.targets)
    .filter(([, t]) => t.kind === "local")
    .map(([n]) => n);
  return locals.slice(1).map((n) => ({
    path: ["targets", n],
    message: `a second local target (after ${locals[0]}): the containers of both would get the same names on this engine; use one local target with arches: [amd64, arm64]`,
  }));
}
