import { describe, expect, it } from "vitest";
import { HEALTH_DEFAULTS, validateHealth, type HealthCheck } from "../../components/model/health";
import { DEFAULT_PROFILES, profileEnv, resolveProfile, workersFor } from "../../components/model/profile";
import { standardTags, validateTagValue } from "../../components/model/tags";
import { kindOf, type TargetKind } from "../../components/kinds";

const base: HealthCheck = { path: "/healthz", port: 8080, command: ["CMD", "true"], ...HEALTH_DEFAULTS };
const problemsAt = (spec: Partial<HealthCheck>, kind: TargetKind, lb = false) =>
  validateHealth({ ...base, ...spec }, kindOf(kind), { target: "t", behindLoadBalancer: lb }).map((p) => p.path.join("."));

describe("health ranges per target", () => {
  it.each([
    // kind, field, lowest legal, highest legal
    ["aca", "intervalSeconds", 1, 240],
    ["aca", "retries", 1, 10],
    ["aca", "startPeriodSeconds", 1, 60],
    ["fargate", "intervalSeconds", 5, 300],
    ["fargate", "timeoutSeconds", 2, 60],
    ["fargate", "retries", 1, 10],
    ["fargate", "startPeriodSeconds", 0, 300],
    ["oci", "intervalSeconds", 1, 600],
    ["oci", "startPeriodSeconds", 1, 600],
    ["local", "startPeriodSeconds", 0, 3600],
  ] as const)("%s %s accepts %i-%i and nothing outside", (kind, field, lo, hi) => {
    const spec = (v: number): Partial<HealthCheck> =>
      field === "intervalSeconds"
        ? { intervalSeconds: v, timeoutSeconds: Math.min(2, v) }
        : { intervalSeconds: 240, timeoutSeconds: 2, [field]: v };
    expect(problemsAt(spec(lo), kind)).toEqual([]);
    expect(problemsAt(spec(hi), kind)).toEqual([]);
    expect(problemsAt(spec(lo - 1), kind)).toContain(field);
    expect(problemsAt(spec(hi + 1), kind)).toContain(field);
  });

  it("says what was given and what the target allows", () => {
    const [p] = validateHealth({ ...base, intervalSeconds: 2, timeoutSeconds: 2 }, kindOf("fargate"), { target: "aws" });
    expect(p).toEqual({
      path: ["intervalSeconds"],
      message: "2 is out of range for target aws (AWS Fargate); allowed: whole numbers 5-300",
    });
  });

  it("adds the ALB rules on Fargate behind a load balancer: threshold >= 2 and timeout < interval", () => {
    expect(problemsAt({ retries: 1 }, "fargate")).toEqual([]);
    expect(problemsAt({ retries: 1 }, "fargate", true)).toEqual(["retries"]);
    expect(problemsAt({ timeoutSeconds: 10, intervalSeconds: 10 }, "fargate", true)).toEqual(["timeoutSeconds"]);
    expect(problemsAt({ timeoutSeconds: 10, intervalSeconds: 10 }, "fargate", false)).toEqual([]);
  });

  it("needs a command only on ECS, which runs checks nowhere but inside the container", () => {
    const { command: _omit, ...noCommand } = base;
    void _omit;
    expect(validateHealth(noCommand, kindOf("fargate"), { target: "aws" }).map((p) => p.path[0])).toEqual(["command"]);
    // the local target checks HTTP and TCP from the machine, as ACA and OCI probe from outside
    expect(validateHealth(noCommand, kindOf("local"), { target: "local" })).toEqual([]);
    expect(validateHealth(noCommand, kindOf("aca"), { target: "azure" })).toEqual([]);
    expect(validateHealth(noCommand, kindOf("oci"), { target: "oracle" })).toEqual([]);
  });

  it("refuses a timeout longer than the interval everywhere", () => {
    expect(problemsAt({ timeoutSeconds: 20, intervalSeconds: 10 }, "aca")).toEqual(["timeoutSeconds"]);
    expect(problemsAt({ timeoutSeconds: 20, intervalSeconds: 10 }, "oci")).toEqual(["timeoutSeconds"]);
  });
});

describe("arch profiles", () => {
  it("runs one worker per vCPU on arm64 and one per two vCPUs on amd64, at least one", () => {
    expect(workersFor(DEFAULT_PROFILES.arm64, 4)).toBe(4);
    expect(workersFor(DEFAULT_PROFILES.amd64, 4)).toBe(2);
    expect(workersFor(DEFAULT_PROFILES.amd64, 0.5)).toBe(1);
  });

  it("applies overrides over the built-in profile", () => {
    expect(resolveProfile("arm64", { requestTimeoutSeconds: 60 })).toEqual({ ...DEFAULT_PROFILES.arm64, requestTimeoutSeconds: 60 });
  });

  it("injects the arch, size and tunables as environment", () => {
    expect(profileEnv("arm64", resolveProfile("arm64", { shutdownGraceSeconds: 5 }), { cpu: 2, memoryMiB: 4096 })).toEqual({
      CROSSARCH_ARCH: "arm64",
      CROSSARCH_PLATFORM: "linux/arm64",
      CROSSARCH_CPU: "2",
      CROSSARCH_MEMORY_MIB: "4096",
      CROSSARCH_WORKERS: "2",
      CROSSARCH_REQUEST_TIMEOUT_SECONDS: "30",
      CROSSARCH_SHUTDOWN_GRACE_SECONDS: "5",
    });
  });
});

describe("standard tags", () => {
  it("are plain strings and cannot be replaced by extra tags", () => {
    expect(standardTags({ arch: "arm64", app: "shop", stack: "dev" }, { team: "x", arch: "amd64" })).toEqual({
      team: "x",
      arch: "arm64",
      app: "shop",
      stack: "dev",
      "managed-by": "crossarch",
    });
  });

  it("refuse values some cloud would reject", () => {
    expect(validateTagValue("dev-eu.1")).toEqual([]);
    expect(validateTagValue("dev/eu")[0].message).toContain('"dev/eu" cannot be a tag value');
    expect(validateTagValue("x".repeat(64)).length).toBe(1);
  });
});
