/**
 * OCI Container Instance (Ampere A1 = arm64): every service of the target is one container
 * of a single instance whose shapeConfig holds them all, with per-container resourceConfig,
 * HTTP/TCP health checks that kill and restart, an OCIR pull secret kept secret, and no
 * public IP unless asked. The containers share the instance's network namespace, so
 * connections are on localhost and only a public service's main port is opened.
 */
import * as oci from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type * as ociInputs from "@pulumi/oci/types/input";
import { archOfOciShape } from "../model/arch";
import type { RegistryLogin } from "../image/login";
import { throwIfProblems } from "../model/problems";
import { validateOciContainersFit, validateOciInstance, type OciInstanceSize } from "./sizing";
import { cidrSubnet } from "../model/cidr";
import { OciNetwork } from "./network";
import { ociKind } from "./kind";
import { guardServices, hasSecretEnv, healthPort, imageTags, secretIf, validateServices, type TargetService } from "../model/service";
import { connectionEnv, validateConnections } from "../model/connections";
import { portsOf } from "../model/ports";
import { ociStorage, ociVolumeMounts, ociVolumes } from "./storage";
import { persistentVolumes } from "../model/volumes";
import { splitJobs } from "../model/jobs";

/** The inputs of {@link OciTarget}. */
export interface OciTargetArgs {
  /** OCID of the compartment the instance and its network go in. */
  compartmentId: pulumi.Input<string>;
  /** Availability domain of the instance, e.g. `Uocm:EU-FRANKFURT-1-AD-1`. */
  availabilityDomain: pulumi.Input<string>;
  /** The instance: shape, OCPUs and memory that every container must fit in. */
  instance: OciInstanceSize;
  /** The services, one container each in the one instance; checked against the shape and health ranges first. */
  services: TargetService[];
  /**
   * An existing subnet to place the instance in.
   * @default the subnet of a new {@link OciNetwork} in `vcnCidr`
   */
  subnetId?: pulumi.Input<string>;
  /**
   * Block the created network is carved from when no `subnetId` is given: the VCN and its one
   * subnet are its first /24.
   * @default "10.1.0.0/16"
   */
  vcnCidr?: string;
  /**
   * Give the instance a public IP (public services need one).
   * @default false
   */
  assignPublicIp?: boolean;
  /** Credentials for the private registry the images come from (OCIR). */
  registry?: pulumi.Output<RegistryLogin>;
  /** OCI freeform tags for every resource (the standard tags). */
  freeformTags: Record<string, string>;
}

const base64 = (text: string) => Buffer.from(text, "utf8").toString("base64");

/** The OCI health check of a container. */
export function ociHealthCheck(s: TargetService): ociInputs.ContainerEngine.ContainerInstanceContainerHealthCheck[] {
  const port = healthPort(s);
  if (port === undefined) return [];
  const h = s.health;
  return [
    {
      name: `${s.name}-health`,
      healthCheckType: h.path !== undefined ? "HTTP" : "TCP",
      ...(h.path !== undefined && { path: h.path }),
      port,
      intervalInSeconds: h.intervalSeconds,
      timeoutInSeconds: h.timeoutSeconds,
      failureThreshold: h.retries,
      initialDelayInSeconds: h.startPeriodSeconds,
      failureAction: "KILL",
    },
  ];
}

/**
 * One OCI Container Instance holding every service as a container, on Ampere A1 (arm64) or an
 * AMD shape, sized to hold them all, with health checks that restart a failing container.
 *
 * @example
 * ```ts
 * import { OciTarget } from "@crossarch/components/oci";
 * const target = new OciTarget("ampere", {
 *   compartmentId, availabilityDomain: "Uocm:EU-FRANKFURT-1-AD-1", freeformTags: tags,
 *   instance: { shape: "CI.Standard.A1.Flex", ocpus: 2, memoryMiB: 12 * 1024 },
 *   services: [api, worker], // TargetServices whose images have linux/arm64
 * });
 * ```
 */
export class OciTarget extends pulumi.ComponentResource {
  /** The instance holding every long-running service as a container. */
  readonly instance: oci.containerengine.ContainerInstance;
  /** Per once job: the instance that runs it (restart policy NEVER). */
  readonly jobs: Record<string, oci.containerengine.ContainerInstance> = {};

  constructor(name: string, args: OciTargetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("crossarch:targets:OciTarget", name, {}, opts);
    const arch = archOfOciShape(args.instance.shape);
    throwIfProblems(`OciTarget ${name}`, [
      ...validateOciInstance(args.instance).map((p) => ({ ...p, path: ["instance", ...p.path] })),
      ...validateOciContainersFit(
        args.instance,
        args.services.filter((s) => !s.job).map((s) => ({ name: s.name, size: s.size })), // a job has an instance of its own
      ).map((p) => ({ ...p, path: ["services"] })),
      ...validateServices(ociKind, args.services, { target: name, config: { assignPublicIp: args.assignPublicIp ?? false } }),
      ...validateConnections(args.services, { target: name }),
    ]);
    if (arch) guardServices(`${name} (OCI ${args.instance.shape})`, arch, args.services);
    const publicIp = args.assignPublicIp ?? false;
    const subnetCidr = cidrSubnet(args.vcnCidr ?? "10.1.0.0/16", 8, 0);
    const nfs = args.services.some((s) => persistentVolumes(s).length > 0);
    const subnetId =
      args.subnetId ??
      new OciNetwork(
        `${name}-net`,
        {
          compartmentId: args.compartmentId,
          cidr: subnetCidr,
          nfs,
          public: publicIp,
          // only a public service's main port: services reach each other on localhost
          ports: args.services.flatMap((s) => (s.public && portsOf(s).length > 0 ? [{ port: portsOf(s)[0].port, public: true }] : [])),
          freeformTags: args.freeformTags,
        },
        { parent: this },
      ).subnetId;

    const storage = ociStorage(this, name, args.services, {
      compartmentId: args.compartmentId,
      availabilityDomain: args.availabilityDomain,
      subnetId,
      // an existing subnet's block is not known here: its own security rules decide who mounts
      sourceCidr: args.subnetId ? "0.0.0.0/0" : subnetCidr,
      freeformTags: args.freeformTags,
    });
    const pullSecrets = args.registry?.apply((login) => [
      {
        secretType: "BASIC",
        registryEndpoint: login.address,
        username: base64(login.username ?? ""),
        password: base64(login.password ?? ""),
      },
    ]);
    const { services, jobs } = splitJobs(args.services);
    const grace = Math.max(...services.map((s) => s.shutdownGraceSeconds));
    this.instance = new oci.containerengine.ContainerInstance(
      name,
      {
        compartmentId: args.compartmentId,
        availabilityDomain: args.availabilityDomain,
        displayName: name,
        shape: args.instance.shape,
        shapeConfig: { ocpus: args.instance.ocpus, memoryInGbs: args.instance.memoryMiB / 1024 },
        containerRestartPolicy: "ALWAYS",
        gracefulShutdownTimeoutInSeconds: String(grace),
        vnics: [{ subnetId, isPublicIpAssigned: publicIp, displayName: `${name}-vnic` }],
        ...(services.some((s) => (s.volumes ?? []).length > 0) && { volumes: ociVolumes(services, storage) }),
        ...(pullSecrets && { imagePullSecrets: pulumi.secret(pullSecrets) }),
        containers: services.map((s) => container(withConnections(s, args.services, "localhost"), args.freeformTags)),
        freeformTags: args.freeformTags,
      },
      { parent: this },
    );
    // once jobs: an instance each that runs the job and never restarts it; it reaches the
    // services at the main instance's private address
    const privateIp = this.instance.vnics.apply((v) => v?.[0]?.privateIp ?? "");
    for (const j of jobs) {
      const ocpus = Math.max(1, Math.ceil(j.size.cpu));
      this.jobs[j.name] = new oci.containerengine.ContainerInstance(
        `${name}-${j.name}`,
        {
          compartmentId: args.compartmentId,
          availabilityDomain: args.availabilityDomain,
          displayName: `${name}-${j.name}`,
          shape: args.instance.shape,
          shapeConfig: { ocpus, memoryInGbs: Math.max(ocpus, Math.ceil(j.size.memoryMiB / 1024)) },
          containerRestartPolicy: "NEVER",
          vnics: [{ subnetId, isPublicIpAssigned: false, displayName: `${name}-${j.name}-vnic` }],
          ...((j.volumes ?? []).length > 0 && { volumes: ociVolumes([j], storage) }),
          ...(pullSecrets && { imagePullSecrets: pulumi.secret(pullSecrets) }),
          containers: [container(withConnections(j, args.services, privateIp), args.freeformTags)],
          // a job: checked by its exit code, not a health check
          freeformTags: { ...args.freeformTags, job: "once" },
        },
        { parent: this, dependsOn: [this.instance] },
      );
    }
    this.registerOutputs({ instanceId: this.instance.id });
  }
}

/**
 * A service with its connections in its env: the containers of one instance share a network
 * namespace, so every other service is on localhost at its own port.
 */
function withConnections(s: TargetService, all: readonly TargetService[], host: pulumi.Input<string>): TargetService {
  if ((s.connects ?? []).length === 0) return s;
  const env = { ...s.env };
  for (const server of s.connects ?? []) {
    const ports = portsOf(all.find((x) => x.name === server) as TargetService);
    Object.assign(
      env,
      connectionEnv(server, ports, (p) => ({ host, port: p.port, scheme: p.protocol })),
    );
  }
  return { ...s, env };
}

/** One container of the instance: image, entrypoint and args, env, limits, checks, mounts, security. */
function container(s: TargetService, freeformTags: Record<string, string>): ociInputs.ContainerEngine.ContainerInstanceContainer {
  return {
    displayName: s.name,
    imageUrl: s.image.ref,
    ...(s.entrypoint && { commands: secretIf(s, [...s.entrypoint]) }),
    ...(s.args && { arguments: secretIf(s, [...s.args]) }),
    // OCI Container Instances take env values only (no reference to a Vault secret): a secret
    // value is a Pulumi secret in state and plan, and plain inside the instance's config
    environmentVariables: hasSecretEnv(s) ? pulumi.secret({ ...s.env, ...s.secretEnv }) : secretIf(s, s.env),
    resourceConfig: { vcpusLimit: s.size.cpu, memoryLimitInGbs: s.size.memoryMiB / 1024 },
    healthChecks: ociHealthCheck(s),
    ...((s.volumes ?? []).length > 0 && { volumeMounts: ociVolumeMounts(s) }),
    securityContext: {
      securityContextType: "LINUX",
      isRootFileSystemReadonly: s.readOnlyRootFilesystem,
      ...(s.user !== undefined && { isNonRootUserCheckEnabled: true, ...uidGid(s.user) }),
    },
    freeformTags: { ...freeformTags, ...imageTags(s) },
  };
}

/** `10001:10001` -> `{ runAsUser: 10001, runAsGroup: 10001 }`. */
function uidGid(user: string): { runAsUser: number; runAsGroup?: number } {
  const [uid, gid] = user.split(":").map(Number);
  return { runAsUser: uid, ...(gid !== undefined && { runAsGroup: gid }) };
}
