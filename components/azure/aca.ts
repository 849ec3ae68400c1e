/**
 * Azure Container Apps (linux/amd64 only): Log Analytics, a managed environment and one
 * Container App per service, single-revision mode, HTTPS-only ingress (internal unless public;
 * TCP for tcp ports), images pulled from ACR with a user-assigned identity, probes translated
 * from the health spec. Connected services reach each other inside the environment: an HTTP
 * main port at the app's FQDN, a TCP port by app name.
 */
import * as app from "@pulumi/azure-native/app";
import * as operationalinsights from "@pulumi/azure-native/operationalinsights";
import * as pulumi from "@pulumi/pulumi";
import type * as azureInputs from "@pulumi/azure-native/types/input";
import type { HealthCheck } from "../model/health";
import { ACA_CONSUMPTION_PROFILE, formatAcaMemory } from "./sizing";
import { throwIfProblems } from "../model/problems";
import { acaKind } from "./kind";
import { envList, guardServices, healthPort, imageTags, secretIf, validateServices, type TargetService } from "../model/service";
import { connectionEnv, connectionOrder, validateConnections, type Address } from "../model/connections";
import { mainPort, portsOf, type ServicePort } from "../model/ports";
import { acaStorages, acaVolumes } from "./storage";
import { JOB_DEFAULTS, jobsBefore, validateBefore } from "../model/jobs";

/** The inputs of {@link AcaTarget}. */
export interface AcaTargetArgs {
  /** The resource group every resource of the target goes in. */
  resourceGroupName: pulumi.Input<string>;
  /** Azure region, e.g. `westeurope`. */
  location: pulumi.Input<string>;
  /** The services, one Container App each; checked against the ACA grid and probe ranges first. */
  services: TargetService[];
  /** The ACR to pull from and the identity that holds AcrPull on it. */
  registry?: {
    /** The registry's login server (`<name>.azurecr.io`). */
    server: pulumi.Input<string>;
    /** Resource id of the user-assigned identity that holds AcrPull (see {@link AcrRegistry.pullIdentity}). */
    identityId: pulumi.Input<string>;
  };
  /** The standard tags. */
  tags: Record<string, string>;
  /**
   * Days the Log Analytics workspace keeps the apps' logs.
   * @default 30
   */
  logRetentionDays?: number;
}

/** The probes of one container: startup (carrying the start period), liveness, readiness. */
export function acaProbes(health: HealthCheck, port: number): azureInputs.app.ContainerAppProbeArgs[] {
  const check = (path: string | undefined) => (path !== undefined ? { httpGet: { path, port, scheme: "HTTP" } } : { tcpSocket: { port } });
  const timing = { periodSeconds: health.intervalSeconds, timeoutSeconds: health.timeoutSeconds, failureThreshold: health.retries };
  return [
    { type: "Startup", ...check(health.path), ...timing, initialDelaySeconds: health.startPeriodSeconds },
    { type: "Liveness", ...check(health.path), ...timing },
    { type: "Readiness", ...check(health.readinessPath ?? health.path), ...timing },
  ];
}

/** An env name as a Container Apps secret name (lower case letters, digits and '-'). */
export function acaSecretName(env: string): string {
  return env
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * Azure Container Apps (linux/amd64): a Log Analytics workspace, a managed environment with the
 * Consumption workload profile, and one Container App per service (single revision, HTTPS-only
 * ingress, internal unless public, probes from the health spec, images pulled from ACR by a
 * user-assigned identity). Scheduled jobs become Container Apps Jobs; once jobs run as init
 * containers of the apps in their `before`.
 *
 * @example
 * ```ts
 * import { AcaTarget, AcrRegistry } from "@crossarch/components/azure";
 * const acr = new AcrRegistry("registry", { resourceGroupName: rg.name, location: "westeurope", namespace: "shop", tags });
 * const target = new AcaTarget("azure", {
 *   resourceGroupName: rg.name, location: "westeurope", tags, services: [api], // api: a TargetService on linux/amd64
 *   registry: { server: acr.server, identityId: acr.pullIdentity.id },
 * });
 * ```
 */
export class AcaTarget extends pulumi.ComponentResource {
  /** The managed environment every app and job runs in. */
  readonly environment: app.ManagedEnvironment;
  /** Per long-running service: its Container App. */
  readonly apps: Record<string, app.ContainerApp> = {};
  /** Per scheduled job: its Container Apps Job. */
  readonly jobs: Record<string, app.Job> = {};
  /** Per public service with a port: its HTTPS URL. */
  readonly urls: Record<string, pulumi.Output<string>> = {};

  constructor(name: string, args: AcaTargetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("crossarch:targets:AcaTarget", name, {}, opts);
    throwIfProblems(`AcaTarget ${name}`, [
      ...validateServices(acaKind, args.services, { target: name }),
      ...validateConnections(args.services, { target: name }),
      ...validateBefore(args.services, { target: name }),
    ]);
    guardServices(`${name} (Azure Container Apps)`, "amd64", args.services);
    const workspace = new operationalinsights.Workspace(
      `${name}-logs`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        sku: { name: "PerGB2018" },
        retentionInDays: args.logRetentionDays ?? 30,
        tags: args.tags,
      },
      { parent: this },
    );
    const keys = operationalinsights.getSharedKeysOutput(
      { resourceGroupName: args.resourceGroupName, workspaceName: workspace.name },
      { parent: this },
    );
    this.environment = new app.ManagedEnvironment(
      `${name}-env`,
      {
        resourceGroupName: args.resourceGroupName,
        location: args.location,
        workloadProfiles: [{ ...ACA_CONSUMPTION_PROFILE }],
        appLogsConfiguration: {
          destination: "log-analytics",
          logAnalyticsConfiguration: {
            customerId: workspace.customerId,
            sharedKey: pulumi.secret(keys.apply((k) => k.primarySharedKey ?? "")),
          },
        },
        tags: args.tags,
      },
      { parent: this },
    );

    const byName = new Map(args.services.map((x) => [x.name, x]));
    const storages = acaStorages(this, name, args.services, {
      resourceGroupName: args.resourceGroupName,
      location: args.location,
      environment: this.environment,
      tags: args.tags,
    });
    const registries = args.registry && [{ server: args.registry.server, identity: args.registry.identityId }];
    const identity = args.registry && { type: "UserAssigned", userAssignedIdentities: [args.registry.identityId] };
    for (const s of connectionOrder(args.services)) {
      if (s.job?.run === "once") continue; // an init container of the apps in its `before`
      const hosted = s.job ? [] : jobsBefore(args.services, s.name);
      // the app's (and its init containers') secrets, referenced by name from their env
      const secrets = [...new Map([s, ...hosted].flatMap((m) => Object.entries(m.secretEnv ?? {}))).entries()]; // one per name
      const secretList = secrets.length > 0 && {
        secrets: secrets.map(([env, value]) => ({ name: acaSecretName(env), value: pulumi.secret(value) })),
      };
      const container = this.container(s, byName);
      const volumes = (s.volumes ?? []).length > 0 && { volumes: acaVolumes(s, storages) };
      if (s.job?.schedule) {
        this.jobs[s.name] = new app.Job(
          `${name}-${s.name}`,
          {
            resourceGroupName: args.resourceGroupName,
            location: args.location,
            environmentId: this.environment.id,
            workloadProfileName: ACA_CONSUMPTION_PROFILE.name,
            ...(identity && { identity }),
            configuration: {
              triggerType: "Schedule",
              scheduleTriggerConfig: { cronExpression: s.job.schedule, parallelism: 1, replicaCompletionCount: 1 },
              replicaTimeout: s.job.timeoutSeconds ?? JOB_DEFAULTS.timeoutSeconds,
              replicaRetryLimit: s.job.retries ?? JOB_DEFAULTS.retries,
              ...(registries && { registries }),
              ...secretList,
            },
            template: { containers: [container], ...volumes },
            tags: { ...args.tags, ...imageTags(s) },
          },
          { parent: this },
        );
        continue;
      }
      const port = healthPort(s);
      const containerApp = new app.ContainerApp(
        `${name}-${s.name}`,
        {
          resourceGroupName: args.resourceGroupName,
          location: args.location,
          managedEnvironmentId: this.environment.id,
          workloadProfileName: ACA_CONSUMPTION_PROFILE.name,
          ...(identity && { identity }),
          configuration: {
            activeRevisionsMode: "Single",
            ...(mainPort(s) && { ingress: acaIngress(s) }),
            ...(registries && { registries }),
            ...secretList,
          },
          template: {
            // once jobs of its `before`: each must exit 0 before the app's containers start
            ...(hosted.length > 0 && { initContainers: hosted.map((j) => this.container(j, byName)) }),
            containers: [{ ...container, ...(port !== undefined && { probes: acaProbes(s.health, port) }) }],
            ...volumes,
            scale: { minReplicas: s.replicas, maxReplicas: s.replicas },
            terminationGracePeriodSeconds: s.shutdownGraceSeconds,
          },
          tags: { ...args.tags, ...imageTags(s) },
        },
        { parent: this },
      );
      this.apps[s.name] = containerApp;
      if (s.public && mainPort(s)) this.urls[s.name] = pulumi.interpolate`https://${containerApp.latestRevisionFqdn}`;
    }
    this.registerOutputs({ urls: this.urls });
  }

  /** One container of a service or job: image, entrypoint and args, env with its connections and secretRefs, size, mounts. */
  private container(s: TargetService, byName: Map<string, TargetService>): azureInputs.app.ContainerArgs {
    const env: Record<string, pulumi.Input<string>> = { ...s.env };
    for (const server of s.connects ?? [])
      Object.assign(
        env,
        connectionEnv(server, portsOf(byName.get(server) as TargetService), (p, i) =>
          this.address(byName.get(server) as TargetService, p, i),
        ),
      );
    return {
      name: s.name,
      image: s.image.ref,
      ...(s.entrypoint && { command: secretIf(s, [...s.entrypoint]) }),
      ...(s.args && { args: secretIf(s, [...s.args]) }),
      env: secretIf(
        s,
        [
          ...envList(env).map((e): azureInputs.app.EnvironmentVarArgs => e),
          ...Object.keys(s.secretEnv ?? {}).map((e): azureInputs.app.EnvironmentVarArgs => ({ name: e, secretRef: acaSecretName(e) })),
        ].sort((a, b) => (a.name as string).localeCompare(b.name as string)),
      ),
      resources: { cpu: s.size.cpu, memory: formatAcaMemory(s.size.memoryMiB) },
      ...((s.volumes ?? []).length > 0 && { volumeMounts: (s.volumes ?? []).map((v) => ({ volumeName: v.name, mountPath: v.path })) }),
    };
  }

  /**
   * How other apps of the environment reach one port of a service: an HTTP main port at its
   * ingress FQDN over HTTPS (`<app>.internal.<domain>` when not public), a TCP or further port
   * by app name on its exposed port.
   */
  private address(s: TargetService, port: ServicePort, index: number): Address {
    const target = this.apps[s.name];
    if (index === 0 && port.protocol === "http") {
      const host = pulumi.interpolate`${target.name}.${s.public ? "" : "internal."}${this.environment.defaultDomain}`;
      return { host, port: 443, scheme: "https" };
    }
    return { host: target.name, port: port.port, scheme: port.protocol };
  }
}

/** A service's ingress: the main port (HTTP, or TCP on its own port), further ports as internal TCP mappings. */
export function acaIngress(s: TargetService): azureInputs.app.IngressArgs {
  const [main, ...more] = portsOf(s);
  return {
    external: s.public,
    targetPort: main.port,
    ...(main.protocol === "tcp" ? { transport: "tcp", exposedPort: main.port } : { transport: "auto", allowInsecure: false }),
    ...(more.length > 0 && {
      additionalPortMappings: more.map((p) => ({ external: false, targetPort: p.port, exposedPort: p.port })),
    }),
  };
}
