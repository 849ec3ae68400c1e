/**
 * The deployment plan as one Markdown summary: per stack and service the target, arch, image,
 * size and health check; each budgeted target's capacity table; an estimated monthly cost per
 * target; and a Mermaid diagram of services -> registries -> targets.
 */
import { dataAtRisk, describeUse, formatMemory, kindOf } from "@crossarch/components/model";
import type { StackPlan } from "../infra/plan";
import { estimateCosts } from "./costs";
import { withOverrides, type PriceTable } from "./prices";
import { releaseSection } from "./summary-releases";

const usd = (n: number) => `$${n.toFixed(2)}`;

/** The checks a deployment's target really runs (each kind's `describeChecks`). */
function healthText(d: StackPlan["deployments"][number]): string {
  if (d.job)
    return d.job.run === "once"
      ? `job: once${d.job.before ? `, before ${d.job.before.join(", ")}` : ""}; exit 0 is success`
      : `job: \`${d.job.schedule}\` (UTC); exit 0 is success`;
  const h = d.health;
  const timing = `every ${h.intervalSeconds}s, timeout ${h.timeoutSeconds}s, ${h.retries} retries, start ${h.startPeriodSeconds}s`;
  return `${kindOf(d.kind).describeChecks(d).join(" + ")} ${timing}`;
}

function imageText(plan: StackPlan, name: string): string {
  const image = plan.config.images[name];
  return image.build ? `${name} (built${image.build.target ? `, target ${image.build.target}` : ""})` : `${image.ref}`;
}

/** The Mermaid flowchart: service -> registry (built images) -> target, labelled with the arch. */
export function mermaid(plan: StackPlan): string {
  const lines = ["flowchart LR"];
  const id = (s: string) => s.replace(/[^A-Za-z0-9_]/g, "_");
  const edges = new Set<string>();
  for (const d of plan.deployments) {
    const target = plan.config.targets[d.target];
    const via = plan.config.images[d.image.name].build
      ? `reg_${id(d.target)}[("${target.registry.kind} (${d.target})")]`
      : `ext_${id(d.image.name)}[("${plan.config.images[d.image.name].ref}")]`;
    edges.add(`  svc_${id(d.name)}["${d.name}"] --> ${via}`);
    edges.add(`  ${via.split("[")[0]} -->|${d.arch}| tgt_${id(d.target)}{{"${d.target}: ${target.kind}"}}`);
    // connections: the client calls the server, on every target both run on
    for (const c of d.connects) {
      const server = plan.deployments.find((x) => x.name === c && x.target === d.target);
      if (server)
        edges.add(`  svc_${id(d.name)} -.->|${server.ports[0]?.protocol ?? "tcp"} ${server.ports[0]?.port ?? ""}| svc_${id(c)}["${c}"]`);
    }
  }
  return [...lines, ...edges].join("\n");
}

/**
 * What a change replaces, said before it happens: on OCI any change to any container replaces
 * the whole instance, so every service on it restarts, and what they wrote outside persistent
 * volumes is gone. (On Fargate and Container Apps a change starts new tasks or revisions of
 * that service only.)
 */
export function replacementNotes(plan: StackPlan): string[] {
  return Object.entries(plan.config.targets).flatMap(([name, t]) => {
    const on = plan.deployments.filter((d) => d.target === name);
    const note = on.length > 0 ? kindOf(t.kind).replacementNote?.(name, on) : undefined;
    return note ? ["", note] : [];
  });
}

/**
 * What replacing one resource means, from the plan: an OCI instance restarts every service on
 * its target, a task definition starts new tasks of one service; with the data each would lose.
 */
export function explainReplacement(plan: StackPlan, replaced: { type: string; name: string }): string | undefined {
  const lost = (ds: StackPlan["deployments"]) => {
    const risky = ds.flatMap((d) => {
      const why = dataAtRisk(d);
      return why ? [`${d.name} (${why})`] : [];
    });
    return risky.length > 0
      ? `; data written outside persistent volumes is lost: ${risky.join("; ")}`
      : "; every one keeps its data in persistent volumes";
  };
  if (replaced.type === "oci:ContainerEngine/containerInstance:ContainerInstance") {
    const on = plan.deployments.filter((d) => d.target === replaced.name);
    return on.length > 0 ? `the OCI instance restarts ${on.map((d) => d.name).join(", ")}${lost(on)}` : undefined;
  }
  if (replaced.type === "aws:ecs/taskDefinition:TaskDefinition") {
    const d = plan.deployments.find((x) => `${x.target}-${x.name}` === replaced.name);
    return d ? `a new task definition revision: ${d.name} on ${d.target} starts new tasks${lost([d])}` : undefined;
  }
  return undefined;
}

/** One stack's section of the summary. */
export function summarize(plan: StackPlan, prices: PriceTable): string {
  const out: string[] = [`## Stack \`${plan.stack}\` (app \`${plan.app}\`)`, ""];
  if (plan.deployments.length === 0) {
    // an image-only stack: it builds and pushes releases, and runs nothing
    out.push("An image-only stack: no services; `pulumi up` builds and pushes the images below.", ...releaseSection(plan));
    return out.join("\n");
  }
  out.push("| service | target | arch | image | cpu | memory | replicas | health |", "|---|---|---|---|---|---|---|---|");
  for (const d of plan.deployments) {
    out.push(
      `| ${d.name} | ${d.target} (${d.kind}) | ${d.arch} | ${imageText(plan, d.image.name)} | ${d.size.cpu} vCPU | ${formatMemory(d.size.memoryMiB)} | ${d.replicas} | ${healthText(d)} |`,
    );
  }
  const connected = plan.config.services.filter((svc) => svc.connects.length > 0);
  if (connected.length > 0) {
    out.push("", "**Connections** (each injects `<NAME>_HOST`, `<NAME>_PORT` and `<NAME>_URL`):");
    for (const svc of connected) {
      for (const c of svc.connects) {
        const on = plan.deployments.filter(
          (d) => d.name === c && d.arch && plan.deployments.some((x) => x.name === svc.name && x.target === d.target),
        );
        const port = on[0]?.ports[0];
        out.push(
          `- ${svc.name} -> ${c} (${port ? `${port.protocol} ${port.port}` : "no port"}) on ${[...new Set(on.map((d) => d.target))].join(", ")}`,
        );
      }
    }
  }
  out.push(...releaseSection(plan));
  if (plan.warnings.length > 0) {
    out.push("", "**Warnings** (accepted, worth a look):");
    for (const w of plan.warnings) out.push(`- \`crossarch:${w.path.map(String).join(".")}\`: ${w.message}`);
  }
  out.push(...replacementNotes(plan));
  const overridden = plan.deployments.filter((d) => Object.keys(d.envFrom).length > 0);
  if (overridden.length > 0) {
    out.push("", "**Env overrides** (service `env`, then `overrides.<arch>.env`, then `overrides.<target>.env`):");
    for (const d of overridden) {
      out.push(
        `- ${d.name} on ${d.target} (${d.arch}): ${Object.entries(d.envFrom)
          .map(([k, from]) => `${k} from ${from}`)
          .join(", ")}`,
      );
    }
  }
  for (const b of plan.budgets) {
    out.push(
      "",
      `**Capacity of ${b.target}** (${b.use.budget.cpu} vCPU / ${formatMemory(b.use.budget.memoryMiB)}): ${b.use.fits ? "fits" : "OVER BUDGET"}`,
      "",
    );
    out.push("| service | replicas | cpu | memory |", "|---|---|---|---|");
    for (const a of b.use.allocations)
      out.push(`| ${a.service} | ${a.replicas} | ${a.replicas * a.size.cpu} vCPU | ${formatMemory(a.replicas * a.size.memoryMiB)} |`);
    out.push(`| **total** | | **${b.use.used.cpu} vCPU** | **${formatMemory(b.use.used.memoryMiB)}** |`);
    out.push("", `<sub>${describeUse(b.use)}</sub>`);
  }
  const table = withOverrides(prices, plan.config.prices);
  const costs = estimateCosts(plan, table);
  out.push(
    "",
    `**Estimated monthly cost** (on demand, prices as of ${table.asOf}):`,
    "",
    "| target | arch | billed | USD / month |",
    "|---|---|---|---|",
  );
  const running = costs.filter((c) => !c.job);
  const jobs = costs.filter((c) => c.job);
  for (const c of running) out.push(`| ${c.target} (${c.kind}) | ${c.arch} | ${c.basis} | ${usd(c.usdPerMonth)} |`);
  out.push(`| **total** | | | **${usd(running.reduce((s, c) => s + c.usdPerMonth, 0))}** |`);
  if (jobs.length > 0) {
    out.push(
      "",
      "Scheduled jobs, priced apart by their runs (each at its timeout: an upper bound):",
      "",
      "| target | arch | runs | USD / month |",
      "|---|---|---|---|",
    );
    for (const c of jobs) out.push(`| ${c.target} (${c.kind}) | ${c.arch} | ${c.basis} | ${usd(c.usdPerMonth)} |`);
  }
  out.push("", "```mermaid", mermaid(plan), "```");
  return out.join("\n");
}
