/** The dev stack's targets with N generated services, each on every cloud target. */
import { runnableConfig } from "../test/helpers/stacks";

export function benchConfig(n: number): Record<string, string> {
  const config = runnableConfig("dev");
  const services = Array.from({ length: n }, (_, i) => ({
    name: `svc-${i}`,
    image: "app",
    port: 8000 + i,
    public: i % 2 === 0,
    user: "10001:10001",
    health: { path: "/healthz", command: ["CMD", "node", "dist/healthcheck.js"] },
    size: { cpu: 0.25, memory: "512Mi" },
  }));
  const targets = JSON.parse(config["crossarch:targets"]);
  targets.oracle.ocpus = Math.max(1, Math.ceil(n / 4));
  targets.oracle.memory = `${Math.max(1, Math.ceil(n / 2)) * 1}Gi`;
  delete targets.oracle.budget;
  return { ...config, "crossarch:services": JSON.stringify(services), "crossarch:targets": JSON.stringify(targets) };
}
