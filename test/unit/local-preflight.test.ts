import { describe, expect, it } from "vitest";
import { assertLocalMachineReady, localProblems, type LocalNeeds, type Probes } from "../../components/local/preflight";

const NEEDS: LocalNeeds = {
  dockerSocket: "/var/run/docker.sock",
  registry: "registry.crossarch.test:5443",
  builder: "crossarch",
  arches: ["amd64", "arm64"],
  disks: [{ path: "/var/lib/docker", minFreeGiB: 2 }],
};

/** A machine where everything answers, with `down` parts broken. */
function machine(down: Partial<Record<"engine" | "registry" | "builder" | "builderFile" | "qemu" | "disk", true>> = {}): Probes {
  process.env.DOCKER_CONFIG = "/cfg";
  return {
    socketAnswers: async (socket) => (socket === "/var/run/docker.sock" ? !down.engine : !down.builder),
    httpsStatus: async () => (down.registry ? "connect ECONNREFUSED 127.0.0.1:5443" : 401),
    readFile: (file) => {
      if (file.includes("binfmt_misc")) return down.qemu ? undefined : "enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\n";
      if (file === "/cfg/buildx/instances/crossarch")
        return down.builderFile ? undefined : '{"Nodes":[{"Endpoint":"unix:///run/crossarch-buildkit/buildkitd.sock"}]}';
      return undefined;
    },
    freeBytes: () => (down.disk ? 0.4 * 1024 ** 3 : 40 * 1024 ** 3),
    hostArch: "amd64",
  };
}

describe("the local target's machine check", () => {
  it("finds nothing wrong when every piece answers", async () => {
    expect(await localProblems(NEEDS, machine())).toEqual([]);
  });

  it.each([
    ["engine", "the Docker engine does not answer on /var/run/docker.sock; start it with: sudo scripts/bootstrap.sh"],
    [
      "registry",
      "the loopback registry registry.crossarch.test:5443 does not answer (connect ECONNREFUSED 127.0.0.1:5443); start it with: sudo scripts/bootstrap.sh",
    ],
    [
      "builder",
      "the BuildKit builder crossarch does not answer on unix:///run/crossarch-buildkit/buildkitd.sock; start it with: sudo scripts/bootstrap.sh",
    ],
    [
      "builderFile",
      "no buildx builder named crossarch (/cfg/buildx/instances/crossarch is missing); register it with: sudo scripts/bootstrap.sh",
    ],
    [
      "qemu",
      "QEMU is not registered for arm64 (/proc/sys/fs/binfmt_misc/qemu-aarch64 is missing), so arm64 replicas cannot run here; register it with: sudo scripts/bootstrap.sh",
    ],
    [
      "disk",
      "only 0.4 GiB free on /var/lib/docker; image builds and pulls need 2 GiB: free space, e.g. with sudo scripts/destroy-local.sh --all",
    ],
  ] as const)("names the component and the command that starts it when the %s is down", async (part, message) => {
    expect(await localProblems(NEEDS, machine({ [part]: true }))).toEqual([message]);
  });

  it("asks nothing of QEMU for the host's own arch, and lists every problem at once", async () => {
    expect(await localProblems({ ...NEEDS, arches: ["amd64"] }, machine({ qemu: true }))).toEqual([]);
    await expect(assertLocalMachineReady("local", NEEDS, machine({ registry: true, engine: true }))).rejects.toThrow(
      /local target local cannot run on this machine; nothing was deployed:\n {2}- the Docker engine .*\n {2}- the loopback registry/,
    );
  });
});
