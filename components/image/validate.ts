/** Checks on MultiArchImage args, before any build is registered. */
import * as path from "node:path";
import { ARCHES } from "../model/arch";
import type { Problem } from "../model/problems";
import type { MultiArchImageArgs } from "./multi-arch-image";

/** Every problem with the args; none when they can be built. */
export function validateImageArgs(args: MultiArchImageArgs): Problem[] {
  const problems: Problem[] = [];
  if (!/^[a-z0-9]+([._-][a-z0-9]+)*$/.test(args.image)) {
    problems.push({
      path: ["image"],
      message: `${JSON.stringify(args.image)} is not a repository name; allowed: lowercase letters, digits and . _ - between them`,
    });
  }
  for (const key of ["context", "dockerfile"] as const) {
    const value = args[key];
    if (value !== undefined && (value === "" || path.isAbsolute(value))) {
      problems.push({
        path: [key],
        message: `${JSON.stringify(value)} must be a path relative to the project root (an absolute path differs between checkouts and forces rebuilds)`,
      });
    }
  }
  const platforms = args.platforms ?? ARCHES;
  if (platforms.length === 0) problems.push({ path: ["platforms"], message: `is empty; allowed: ${ARCHES.join(", ")}` });
  platforms.forEach((p, i) => {
    if (!ARCHES.includes(p))
      problems.push({ path: ["platforms", i], message: `${JSON.stringify(p)} is not an arch; allowed: ${ARCHES.join(", ")}` });
  });
  if (new Set(platforms).size !== platforms.length)
    problems.push({ path: ["platforms"], message: `lists an arch twice: ${platforms.join(", ")}` });
  if (args.destinations.length === 0) problems.push({ path: ["destinations"], message: "is empty: give at least one registry to push to" });
  const names = args.destinations.map((d) => d.name);
  names.forEach((n, i) => {
    if (names.indexOf(n) !== i) problems.push({ path: ["destinations", i, "name"], message: `${JSON.stringify(n)} is used twice` });
  });
  args.destinations.forEach((d, i) => {
    if (d.repository !== undefined && !/^[a-z0-9]+([._-][a-z0-9]+)*$/.test(d.repository))
      problems.push({ path: ["destinations", i, "repository"], message: `${JSON.stringify(d.repository)} is not a repository name` });
    const tags = (d.tags ?? []).map((t) => t.name);
    tags.forEach((t, j) => {
      if (!/^[\w][\w.-]{0,127}$/.test(t))
        problems.push({
          path: ["destinations", i, "tags", j],
          message: `${JSON.stringify(t)} is not a tag: letters, digits, '_', '.' and '-', not starting with '.' or '-', at most 128`,
        });
      else if (tags.indexOf(t) !== j)
        problems.push({ path: ["destinations", i, "tags", j], message: `${JSON.stringify(t)} is listed twice` });
    });
  });
  if (typeof args.builder === "object")
    for (const key of Object.keys(args.builder))
      if (!ARCHES.includes(key as (typeof ARCHES)[number]))
        problems.push({ path: ["builder", key], message: `is not an arch; a builder per arch is keyed by ${ARCHES.join(", ")}` });
  for (const key of Object.keys(args.buildArgs ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) problems.push({ path: ["buildArgs", key], message: "is not a build-arg name" });
  }
  return problems;
}
