/**
 * Checks of what the platforms and the project allow: images (build contexts inside the project,
 * parseable refs), and each target kind's own rules (places, instance shapes, limits of derived
 * names and values, one local target per stack).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { parseImageRef, targetKinds, type Problem } from "@crossarch/components/model";
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
 * Each kind's own rules, by config key: across the stack's targets of a kind (one local target),
 * per target with what it runs (places that must agree, instance shapes, ports), and per planned
 * service (limits of the names and values its resources derive).
 */
export function checkKinds(config: ParsedConfig, deployments: readonly Deployment[]): Problem[] {
  const problems = new Map<string, Problem>();
  const add = (found: readonly Problem[]) => found.forEach((p) => problems.set(JSON.stringify(p), p));
  const targets = Object.entries(config.targets);
  for (const kind of targetKinds()) {
    const mine = targets.filter(([, t]) => t.kind === kind.kind);
    if (mine.length > 0 && kind.checkStack) add(kind.checkStack(mine));
    for (const [name, t] of mine) {
      const on = deployments.filter((d) => d.target === name);
      if (kind.checkTarget) add(kind.checkTarget(name, t, on));
      if (kind.checkService) for (const d of on) add(kind.checkService(name, d));
    }
  }
  return [...problems.values()];
}
