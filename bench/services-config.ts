/** The dev stack's targets with N generated services, each on every cloud target. */
import { runnableConfig } from "../test/helpers/stacks";

export function benchConfig(n: number): Record<string, string> {
  const config = runnableConfig("dev");
  const healthz = { path: "/healthz" };
  // each key where it takes effect: ECS checks a command in the task (and the path at a public
  // service's ALB), ACA and OCI probe the path; ACA has no user setting
  const services = Array.from({ length: n }, (_, i) => ({
    name: `svc-${i}`,
    image: "app",
    port: 8000 + i,
    public: i % 2 === 0,
    size: { cpu: 0.25, memory: "512Mi" },
    overrides: {
      azure: { health: healthz },
      oracle: { health: healthz, user: "10001:10001" },
      aws: { user: "10001:10001", health: { command: ["CMD", "node", "dist/healthcheck.js"], ...(i % 2 === 0 && healthz) } },
    },
  }));
  const targets = JSON.parse(config["crossarch:targets"]);
  targets.oracle.ocpus = Math.max(1, Math.ceil(n / 4));
  targets.oracle.memory = `${Math.max(1, Math.ceil(n / 2)) * 1}Gi`;
  delete targets.oracle.budget;
  const images = JSON.parse(config["crossarch:images"]);
  const { "crossarch:dbPassword": _unused, ...rest } = config;
  return {
    ...rest,
    "crossarch:images": JSON.stringify({ app: images.app }),
    "crossarch:services": JSON.stringify(services),
    "crossarch:targets": JSON.stringify(targets),
  };
}
