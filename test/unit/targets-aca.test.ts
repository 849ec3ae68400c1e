import { beforeAll, describe, expect, it } from "vitest";
import { ACR_TOKEN_USERNAME } from "../../components/azure/acr-token";
import { ACA_CPUS, acaMemoryFor, formatAcaMemory } from "../../components/azure/sizing";
import { registeredFor } from "../helpers/dev-run";
import { isSecretInput, ofType, one, plain, type Recorded } from "../helpers/mocks";

let recorded: Recorded[];
beforeAll(async () => {
  ({ recorded } = await registeredFor("dev"));
});

describe("dev stack: Azure Container Apps (amd64)", () => {
  it("runs db, then the api that connects to it, in single-revision mode with HTTPS-only ingress", () => {
    expect(ofType(recorded, "azure-native:app:ContainerApp").map((r) => r.name)).toEqual(["azure-db", "azure-api"]);
    const app = one(recorded, "azure-native:app:ContainerApp", "azure-api").inputs;
    const configuration = plain(app.configuration); // it holds the app's secrets
    expect(configuration.activeRevisionsMode).toBe("Single");
    expect(configuration.ingress).toEqual({ external: true, targetPort: 8080, transport: "auto", allowInsecure: false });
    expect(app.resourceGroupName).toBe(one(recorded, "azure-native:resources:ResourceGroup", "azure").outputs.name);
    expect(app.tags).toEqual({
      arch: "amd64",
      app: "shop",
      stack: "dev",
      "managed-by": "crossarch",
      image: "app",
      "image-platforms": "linux/amd64 linux/arm64",
    });
  });

  it("pulls the digest-pinned amd64-capable image from ACR with the AcrPull identity, no password", () => {
    const app = one(recorded, "azure-native:app:ContainerApp", "azure-api").inputs;
    const identity = one(recorded, "azure-native:managedidentity:UserAssignedIdentity", "azure-pull").id;
    const server = one(recorded, "azure-native:containerregistry:Registry", "azureacr").outputs.loginServer;
    expect(app.identity).toEqual({ type: "UserAssigned", userAssignedIdentities: [identity] });
    expect(plain(app.configuration).registries).toEqual([{ server, identity }]);
    const container = app.template.containers[0];
    expect(container.image).toMatch(new RegExp(`^${server.replace(/\./g, "\\.")}/shop/app@sha256:[0-9a-f]{64}$`));
    expect(JSON.stringify(app)).not.toContain(ACR_TOKEN_USERNAME);
  });

  it("sizes on the ACA grid, memory in Gi, and scales to the replica count", () => {
    const app = one(recorded, "azure-native:app:ContainerApp", "azure-api").inputs;
    expect(app.template.containers[0].resources).toEqual({ cpu: 0.25, memory: "0.5Gi" });
    expect(app.template.scale).toEqual({ minReplicas: 2, maxReplicas: 2 });
    expect(app.template.terminationGracePeriodSeconds).toBe(10);
  });

  it("translates the health spec into startup, liveness and readiness probes", () => {
    const probes = one(recorded, "azure-native:app:ContainerApp", "azure-api").inputs.template.containers[0].probes;
    const timing = { periodSeconds: 10, timeoutSeconds: 5, failureThreshold: 3 };
    expect(probes).toEqual([
      { type: "Startup", httpGet: { path: "/healthz", port: 8080, scheme: "HTTP" }, ...timing, initialDelaySeconds: 10 },
      { type: "Liveness", httpGet: { path: "/healthz", port: 8080, scheme: "HTTP" }, ...timing },
      { type: "Readiness", httpGet: { path: "/readyz", port: 8080, scheme: "HTTP" }, ...timing },
    ]);
  });

  it("injects the amd64 profile and the service env", () => {
    const env = one(recorded, "azure-native:app:ContainerApp", "azure-api").inputs.template.containers[0].env;
    const byName = Object.fromEntries(env.map((e: { name: string; value: string }) => [e.name, e.value]));
    expect(byName).toMatchObject({
      CROSSARCH_ARCH: "amd64",
      CROSSARCH_PLATFORM: "linux/amd64",
      CROSSARCH_CPU: "0.25",
      CROSSARCH_WORKERS: "1",
      LOG_LEVEL: "info",
    });
    expect(env.map((e: { name: string }) => e.name)).toEqual([...env.map((e: { name: string }) => e.name)].sort());
  });

  it("logs to Log Analytics with the shared key kept secret", () => {
    const logs = one(recorded, "azure-native:app:ManagedEnvironment", "azure-env").inputs.appLogsConfiguration;
    expect(isSecretInput(logs)).toBe(true); // the shared key makes the whole block secret
    expect(plain(logs)).toEqual({
      destination: "log-analytics",
      logAnalyticsConfiguration: {
        customerId: one(recorded, "azure-native:operationalinsights:Workspace", "azure-logs").outputs.customerId,
        sharedKey: expect.stringMatching(/^[A-Za-z0-9+/=]{40,}$/), // what getSharedKeys answered
      },
    });
    expect(one(recorded, "azure-native:operationalinsights:Workspace", "azure-logs").inputs.retentionInDays).toBe(30);
  });
});

describe("Container Apps platform facts, under mocks with the project defaults applied", () => {
  it.each(["dev", "prod"])("%s: a workload-profile environment whose apps name the Consumption profile", async (stack) => {
    const { recorded: r } = await registeredFor(stack);
    const env = one(r, "azure-native:app:ManagedEnvironment", "azure-env").inputs;
    expect(env.workloadProfiles).toEqual([{ name: "Consumption", workloadProfileType: "Consumption" }]);
    const app = one(r, "azure-native:app:ContainerApp", "azure-api").inputs;
    expect(app.workloadProfileName).toBe("Consumption");
    expect(app.template.containers[0].resources).toEqual({ cpu: 0.25, memory: "0.5Gi" });
  });

  it("writes every legal size's memory in Gi with at most two decimals, never Mi", () => {
    const written = ACA_CPUS.map((cpu) => formatAcaMemory(acaMemoryFor(cpu)));
    expect(written.slice(0, 4)).toEqual(["0.5Gi", "1Gi", "1.5Gi", "2Gi"]);
    expect(written.at(-1)).toBe("8Gi");
    for (const m of written) expect(m).toMatch(/^\d+(\.\d{1,2})?Gi$/);
  });
});
