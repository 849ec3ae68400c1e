/**
 * The ECS container definition of one service: the JSON ECS wants, with the health check,
 * non-root user, read-only root filesystem, no privilege and CloudWatch logging.
 */
import type { TargetService } from "../model/service";
import { envList } from "../model/service";
import { portsOf } from "../model/ports";

/** The ECS `healthCheck` of a service (ranges were checked with the config). */
export function ecsHealthCheck(s: TargetService): Record<string, unknown> | undefined {
  const h = s.health;
  if (!h.command) return undefined;
  return {
    command: [...h.command],
    interval: h.intervalSeconds,
    timeout: h.timeoutSeconds,
    retries: h.retries,
    startPeriod: h.startPeriodSeconds,
  };
}

/** One container definition; `image`, `logGroup`, `region` and the env are resolved values. */
export function containerDefinition(
  s: TargetService & { env: Record<string, string> },
  image: string,
  logGroup: string,
  region: string,
  /** Env name -> the Secrets Manager ARN ECS reads it from. */
  secretArns: Record<string, string> = {},
): Record<string, unknown> {
  const health = ecsHealthCheck(s);
  return {
    name: s.name,
    image,
    essential: true,
    ...(s.entrypoint && { entryPoint: [...s.entrypoint] }),
    ...(s.args && { command: [...s.args] }),
    ...(portsOf(s).length > 0 && {
      // named, so Service Connect can publish them; appProtocol lets its proxy speak HTTP
      portMappings: portsOf(s).map((p) => ({
        name: p.name,
        containerPort: p.port,
        protocol: "tcp",
        ...(p.protocol === "http" && { appProtocol: "http" }),
      })),
    }),
    environment: envList(s.env),
    ...(Object.keys(secretArns).length > 0 && { secrets: envList(secretArns).map(({ name, value }) => ({ name, valueFrom: value })) }),
    ...(health && { healthCheck: health }),
    ...(s.user !== undefined && { user: s.user }),
    readonlyRootFilesystem: s.readOnlyRootFilesystem,
    ...((s.volumes ?? []).length > 0 && {
      mountPoints: (s.volumes ?? []).map((v) => ({ sourceVolume: v.name, containerPath: v.path, readOnly: false })),
    }),
    privileged: false,
    linuxParameters: { initProcessEnabled: true },
    stopTimeout: Math.min(120, s.shutdownGraceSeconds + 5),
    logConfiguration: {
      logDriver: "awslogs",
      options: { "awslogs-group": logGroup, "awslogs-region": region, "awslogs-stream-prefix": s.name },
    },
  };
}
