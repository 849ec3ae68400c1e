import { beforeAll, describe, expect, it } from "vitest";
import { registeredFor } from "../helpers/dev-run";
import { isSecretInput, ofType, one, plain, type Recorded } from "../helpers/mocks";
import { fakeDigest } from "../helpers/stacks";

let recorded: Recorded[];
let instance: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const containerOf = (name: string) => instance.containers.find((c: { displayName: string }) => c.displayName === name);
beforeAll(async () => {
  ({ recorded } = await registeredFor("dev"));
  const inputs = one(recorded, "oci:ContainerEngine/containerInstance:ContainerInstance", "oracle").inputs;
  // api's env holds a secret (the database password), so the container list reaches the engine as one
  expect(isSecretInput(inputs.containers)).toBe(true);
  instance = { ...inputs, containers: plain(inputs.containers) };
});

describe("dev stack: OCI Container Instance on Ampere A1 (arm64)", () => {
  it("runs api, worker, cache and db on one 4 OCPU / 24 GB A1 instance", () => {
    expect(instance.shape).toBe("CI.Standard.A1.Flex");
    expect(instance.shapeConfig).toEqual({ ocpus: 4, memoryInGbs: 24 });
    expect(instance.containers.map((c: { displayName: string }) => c.displayName)).toEqual(["api", "worker", "cache", "db"]);
    expect(instance.containers.map((c: { resourceConfig: unknown }) => c.resourceConfig)).toEqual([
      { vcpusLimit: 1, memoryLimitInGbs: 4 },
      { vcpusLimit: 0.5, memoryLimitInGbs: 2 },
      { vcpusLimit: 0.5, memoryLimitInGbs: 2 },
      { vcpusLimit: 2, memoryLimitInGbs: 12 },
    ]);
  });

  it("checks HTTP services over HTTP and the others over TCP, killing and restarting on failure", () => {
    expect(containerOf("api").healthChecks).toEqual([
      {
        name: "api-health",
        healthCheckType: "HTTP",
        path: "/healthz",
        port: 8080,
        intervalInSeconds: 10,
        timeoutInSeconds: 5,
        failureThreshold: 3,
        initialDelayInSeconds: 10,
        failureAction: "KILL",
      },
    ]);
    expect(containerOf("db").healthChecks[0]).toMatchObject({
      healthCheckType: "TCP",
      port: 5432,
      initialDelayInSeconds: 30,
      failureAction: "KILL",
    });
    expect(containerOf("db").healthChecks[0].path).toBeUndefined();
    expect(instance.containerRestartPolicy).toBe("ALWAYS");
    expect(instance.gracefulShutdownTimeoutInSeconds).toBe("10");
  });

  it("runs the api non-root on a read-only root filesystem, and lets the database write", () => {
    expect(containerOf("api").securityContext).toEqual({
      securityContextType: "LINUX",
      isRootFileSystemReadonly: true,
      isNonRootUserCheckEnabled: true,
      runAsUser: 10001,
      runAsGroup: 10001,
    });
    expect(containerOf("db").securityContext).toEqual({ securityContextType: "LINUX", isRootFileSystemReadonly: false });
  });

  it("pulls built images from OCIR by digest with a secret pull secret, external ones pinned to their tag's digest", () => {
    expect(containerOf("api").imageUrl).toMatch(/^fra\.ocir\.io\/crossarchdev\/shop\/app@sha256:[0-9a-f]{64}$/);
    expect(containerOf("db").imageUrl).toBe(`docker.io/library/postgres@${fakeDigest("docker.io/library/postgres:16-bookworm")}`);
    expect(isSecretInput(instance.imagePullSecrets)).toBe(true);
    const [secret] = plain(instance.imagePullSecrets);
    expect(secret.secretType).toBe("BASIC");
    expect(secret.registryEndpoint).toBe("fra.ocir.io");
    expect(Buffer.from(secret.username, "base64").toString()).toBe("crossarchdev/crossarch-ci");
    expect(Buffer.from(secret.password, "base64").toString()).toBe("ocir-auth-token");
  });

  it("gives the public api an address and opens only its port to the internet; the rest talk on localhost", () => {
    const subnetId = one(recorded, "oci:Core/subnet:Subnet", "oracle-net-subnet").id;
    expect(subnetId).toMatch(/^ocid1\.subnet\.oc1\./);
    expect(instance.vnics).toEqual([{ subnetId, isPublicIpAssigned: true, displayName: "oracle-vnic" }]);
    const rules = one(recorded, "oci:Core/securityList:SecurityList", "oracle-net-security").inputs.ingressSecurityRules;
    const opened = rules.map((r: { protocol: string; source: string; tcpOptions?: { min: number }; udpOptions?: { min: number } }) => [
      r.protocol,
      (r.tcpOptions ?? r.udpOptions)?.min,
      r.source,
    ]);
    // api to the internet; NFS to the File Storage mount target from the subnet only
    expect(opened).toEqual([
      ["6", 8080, "0.0.0.0/0"],
      ["6", 111, "10.1.0.0/24"],
      ["6", 2048, "10.1.0.0/24"],
      ["17", 111, "10.1.0.0/24"],
      ["17", 2048, "10.1.0.0/24"],
    ]);
    // api reaches db on localhost: the containers of one instance share a network namespace
    const env = plain(containerOf("api").environmentVariables);
    expect([env.DB_HOST, env.DB_PORT, env.DB_URL]).toEqual(["localhost", "5432", "tcp://localhost:5432"]);
    expect(env.DB_PASSWORD).toBe("db-password-dev");
  });

  it("tags the instance, its containers and network with the standard freeform tags", () => {
    const tags = { arch: "arm64", app: "shop", stack: "dev", "managed-by": "crossarch" };
    expect(instance.freeformTags).toEqual(tags);
    expect(containerOf("db").freeformTags).toEqual({
      ...tags,
      image: "postgres",
      "image-platforms": "linux/amd64 linux/arm64",
      "image-pin": "tag",
    });
    // (an export is not taggable in OCI)
    for (const r of recorded.filter(
      (r) => r.type.startsWith("oci:") && r.type !== "pulumi:providers:oci" && r.type !== "oci:FileStorage/export:Export",
    )) {
      expect(r.inputs.freeformTags, `${r.type} ${r.name}`).toEqual(tags);
    }
  });

  it("keeps db's and cache's data on File Storage: a file system each, retained, exported to the subnet", () => {
    const systems = ofType(recorded, "oci:FileStorage/fileSystem:FileSystem");
    expect(systems.map((r) => r.name).sort()).toEqual(["oracle-cache-data", "oracle-db-data"]);
    const exp = one(recorded, "oci:FileStorage/export:Export", "oracle-db-data").inputs;
    expect(exp.path).toBe("/db-data");
    expect(exp.exportOptions).toEqual([
      { source: "10.1.0.0/24", access: "READ_WRITE", identitySquash: "NONE", requirePrivilegedSourcePort: false },
    ]);
    expect(instance.volumes).toContainEqual({
      name: "db-data",
      volumeType: "OCI_FSS_FILE_SYSTEM",
      mountTarget: { id: one(recorded, "oci:FileStorage/mountTarget:MountTarget", "oracle-fss").id },
      export: { id: one(recorded, "oci:FileStorage/export:Export", "oracle-db-data").id },
    });
    expect(containerOf("db").volumeMounts).toEqual([{ volumeName: "db-data", mountPath: "/var/lib/postgresql/data" }]);
  });
});
