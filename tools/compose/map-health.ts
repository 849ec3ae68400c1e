/**
 * A compose healthcheck as crossarch health: an HTTP URL on localhost in the test becomes
 * `health.path` (the check from outside: Container Apps probes, the ALB, the local engine's
 * probe), and on Fargate the test also stays the container's command. Any other test stays a
 * command where the target runs commands (Docker, ECS) and is dropped, with a word, where it
 * cannot (Container Apps probes are HTTP or TCP: the port's TCP check remains).
 */
import type { ComposeService } from "./load";
import { kindOf } from "@crossarch/components/model";
import type { ImportKind } from "./sizes";

/** `1m30s`, `10s`, `500ms` (compose durations) as whole seconds, rounded up. */
export function seconds(duration: string | undefined): number | undefined {
  if (!duration) return undefined;
  let total = 0;
  for (const m of duration.matchAll(/(\d+(?:\.\d+)?)(h|ms|m|s|us|µs|ns)/g)) {
    const n = Number(m[1]);
    total += m[2] === "h" ? n * 3600 : m[2] === "m" ? n * 60 : m[2] === "s" ? n : m[2] === "ms" ? n / 1000 : 0;
  }
  return Math.ceil(total);
}

type Drop = (service: string, key: string, why: string, essential: boolean) => void;

export function mapHealth(
  service: string,
  check: ComposeService["healthcheck"],
  kind: ImportKind,
  drop: Drop,
  notes: string[],
  mainPort?: number,
): Record<string, unknown> | undefined {
  if (!check || check.disable || !check.test || check.test[0] === "NONE") return undefined;
  const timing = {
    ...(check.interval && { intervalSeconds: seconds(check.interval) }),
    ...(check.timeout && { timeoutSeconds: seconds(check.timeout) }),
    ...(check.retries !== undefined && { retries: check.retries }),
    ...(check.start_period && { startPeriodSeconds: seconds(check.start_period) }),
  };
  const text = check.test.slice(1).join(" ");
  const command = check.test[0] === "CMD" || check.test[0] === "CMD-SHELL" ? check.test : ["CMD-SHELL", check.test.join(" ")];
  const url = /https?:\/\/(?:localhost|127\.0\.0\.1|0\.0\.0\.0)(?::(\d+))?(\/[^\s'"]*)?/.exec(text);
  if (url) {
    notes.push(`${service}: healthcheck ${JSON.stringify(text)} taken as an HTTP check of ${url[2] ?? "/"}`);
    const port = url[1] ? Number(url[1]) : undefined;
    // ECS runs the check inside the task, on the port compose names; the local engine probes the
    // path from the host (each replica has its own loopback port there, so a URL with the compose
    // port would miss it), and Container Apps probe the path
    return {
      path: url[2] ?? "/",
      ...(port !== undefined && port !== mainPort && { port }),
      ...(kindOf(kind).health.needsCommand && { command }),
      ...timing,
    };
  }
  if (!kindOf(kind).health.runsCommand) {
    drop(service, "healthcheck.test", "Container Apps probes are HTTP or TCP, not commands: the port's TCP check runs instead", false);
    return Object.keys(timing).length > 0 ? timing : undefined;
  }
  return { command, ...timing };
}
