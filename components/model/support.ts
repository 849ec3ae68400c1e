/**
 * What takes effect where: every key of a service either does something on a target kind or is
 * refused there, naming the key, the target and why. Each kind's rules live in its module
 * (`support`, `volumeSizeIgnored`, `docs.support`); this runs them, for the target components
 * (their own args) and the stack config (mapped to config keys) alike. The table of every
 * kind's rows is in the docs, made from the modules.
 */
import { whereOn, type KindContext, type SupportedService, type TargetKindModule } from "./kind";
import type { Problem } from "./problems";

/** Problems of one service on one target kind; paths are relative to the service. */
export function validateSupport<C>(kind: TargetKindModule, s: SupportedService, ctx: KindContext<C>): Problem[] {
  const where = whereOn(kind, ctx.target);
  const problems: Problem[] = [];
  const refuse = (path: (string | number)[], why: string) => problems.push({ path, message: `has no effect on ${where}: ${why}` });
  (s.volumes ?? []).forEach((v, j) => {
    const why = kind.volumeSizeIgnored[v.persistent ? "persistent" : "scratch"];
    if (v.sizeMiB !== undefined && why) refuse(["volumes", j, "size"], why);
  });
  problems.push(...kind.support(s, ctx as KindContext<never>, refuse));
  return problems;
}
