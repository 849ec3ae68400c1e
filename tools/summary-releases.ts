/**
 * The release part of the plan: every image after variants are expanded (a bake matrix laid
 * out), what each builds, and the tags each release registry gets.
 */
import type { StackPlan } from "../infra/plan";

/** The expanded images and their release tags; empty when the stack has neither variants nor releases. */
export function releaseSection(plan: StackPlan): string[] {
  const shown = plan.images.filter((p) => p.variant !== undefined || p.releases.length > 0);
  if (shown.length === 0) return [];
  const out = [
    "",
    `**Images** (${shown.length} after variants are expanded${plan.config.version ? `; version ${plan.config.version}` : ""}):`,
    "",
    "| image | variant | builds | platforms | pushed to | tags |",
    "|---|---|---|---|---|---|",
  ];
  for (const p of shown) {
    const image = plan.config.images[p.name];
    const args = Object.entries(image.build?.args ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(", ");
    const builds = image.build
      ? `${image.build.context}${image.build.target ? ` stage ${image.build.target}` : ""}${args ? ` (${args})` : ""}`
      : `${image.ref}`;
    const platforms = (image.platforms ?? ["linux/amd64", "linux/arm64"]).join(", ");
    const to = p.releases.map((r) => {
      const reg = plan.config.registries[r.registry];
      return `${r.registry}: ${[reg.server, reg.namespace, r.repository].filter(Boolean).join("/")}`;
    });
    const tags = p.releases[0]?.tags.map((t) => `\`${t.name}\`${t.mutable ? " (mutable)" : ""}`).join(", ") ?? "";
    out.push(`| ${p.name} | ${p.variant ?? ""} | ${builds} | ${platforms} | ${to.join("<br>") || "targets only"} | ${tags} |`);
  }
  return out;
}
