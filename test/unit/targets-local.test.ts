import * as path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { capabilitiesFor, readyTimeout } from "../../components/local/target";
import { localPort } from "../../components/local/ports";
import { changedKeys } from "../../components/local/container";
import { registeredFor } from "../helpers/dev-run";
import { isSecretInput, ofType, plain, type Recorded } from "../helpers/mocks";

const CONTAINER = "pulumi-nodejs:dynamic/crossarch:LocalContainer";
let recorded: Recorded[];
beforeAll(async () => {
  const cwd = process.cwd();
  process.chdir(path.join(cwd, "infra"));
  ({ recorded } = await registeredFor("local").finally(() => process.chdir(cwd)));
});

describe("local stack: one replica per arch on this machine's engine", () => {
  it("runs each arch's own image manifest on its platform, on its own loopback port", () => {
    const containers = ofType(recorded, CONTAINER).map((r) => r.inputs);
    expect(containers.map((c) => [c.name, c.platform, c.env.PORT, c.env.HOST])).toEqual([
      ["crossarch-api-amd64-0", "linux/amd64", "18080", "127.0.0.1"],
      ["crossarch-api-arm64-0", "linux/arm64", "18090", "127.0.0.1"],
    ]);
    const arm64 = ofType(recorded, "docker-build:index:Image").find((r) => r.name === "app-arm64");
    expect(containers[1].image).toBe(`registry.crossarch.test:5443/crossarch/app@${arm64?.outputs.digest}`);
  });

  it("applies the arch's limits, profile env, health check, user and read-only root", () => {
    const arm = ofType(recorded, CONTAINER).find((r) => r.inputs.platform === "linux/arm64")?.inputs ?? {};
    expect([arm.cpu, arm.memoryMiB]).toEqual([0.5, 256]);
    expect(arm.env).toMatchObject({
      CROSSARCH_ARCH: "arm64",
      CROSSARCH_REQUEST_TIMEOUT_SECONDS: "60",
      HEALTH_PATH: "/healthz",
      LOG_LEVEL: "info",
    });
    expect(arm.healthcheck).toEqual({
      test: ["CMD", "node", "dist/healthcheck.js"],
      intervalSeconds: 5,
      timeoutSeconds: 5,
      retries: 5,
      startPeriodSeconds: 20,
    });
    expect(arm.user).toBe("10001:10001");
    expect(arm.readOnlyRootFilesystem).toBe(true);
    expect(arm.stopGraceSeconds).toBe(10);
    expect(arm.readyTimeoutSeconds).toBe(20 + 5 * 6 + 5 + 60);
    expect(arm.labels).toMatchObject({ "dev.crossarch.arch": "arm64", image: "app", "image-platforms": "linux/amd64 linux/arm64" });
  });

  it("hardens every replica: no capabilities for a non-root user, a pids limit, wanted healthy", () => {
    for (const c of ofType(recorded, CONTAINER).map((r) => r.inputs)) {
      expect(c.capAdd).toEqual([]);
      expect(c.pidsLimit).toBe(256);
      expect(c.state).toBe("healthy");
    }
    // an image that starts as root and drops privileges itself keeps only what that needs
    expect(capabilitiesFor({})).toEqual(["CHOWN", "DAC_OVERRIDE", "FOWNER", "SETGID", "SETUID"]);
  });

  it("pulls with the registry password kept secret", () => {
    const auth = ofType(recorded, CONTAINER)[0].inputs.registryAuth;
    expect(isSecretInput(auth)).toBe(true);
    expect(plain(auth)).toEqual({
      serveraddress: "registry.crossarch.test:5443",
      username: "crossarch",
      password: "local-registry-password",
    });
  });

  it("diffs what the container is made of: a removed key or a replica found stopped is a change", () => {
    const old = {
      name: "a",
      image: "i@sha256:1",
      command: ["node", "x"],
      state: "healthy",
      containerId: "c1",
      readyAfterMs: 5,
      readyTimeoutSeconds: 60,
    };
    const { command: _removed, ...withoutCommand } = old;
    expect(changedKeys(old as never, withoutCommand as never)).toEqual(["command"]);
    expect(changedKeys({ ...old, state: "stopped" } as never, old as never)).toEqual(["state"]);
    // outputs and the wait budget are not part of the container
    expect(changedKeys(old as never, { ...old, containerId: "c2", readyAfterMs: 9, readyTimeoutSeconds: 90 } as never)).toEqual([]);
  });

  it("derives ports and waits from the spec", () => {
    expect(localPort(18080, { index: 2, arch: "arm64" }, 1)).toBe(18291);
    const h = { intervalSeconds: 10, timeoutSeconds: 5, retries: 3, startPeriodSeconds: 10 };
    expect(readyTimeout({ health: h } as never, 30)).toBe(10 + 40 + 5 + 30);
  });
});
