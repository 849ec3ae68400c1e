/**
 * What a target kind is: one module per kind (`components/<kind>/kind.ts`) holds every fact the
 * model, the stack config, the plan, its summary and costs, and the compose importer need about
 * it, and loads its components only when a stack deploys to it. The kinds crossarch ships are
 * listed once, in `components/kinds.ts`; nothing else names a kind.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import type { ImageRegistry } from "../image/login";
import type { Arch } from "./arch";
import type { HealthCheck, HealthRanges } from "./health";
import type { ServiceJob } from "./jobs";
import type { Problem, PropertyPath } from "./problems";
import type { ServicePort } from "./ports";
import type { Size } from "./size";
import type { ServiceVolume } from "./volumes";
import type { TargetService } from "./service";

/** The part of a target's config every kind has: its `kind` and an optional capacity budget. */
export interface TargetConfigBase {
  /** The kind's name (`fargate`, `aca`, `oci`, `local`): which module handles the target. */
  kind: string;
  /** A capacity budget the services on the target must fit (memory in MiB). */
  budget?: {
    /** vCPUs (OCPUs on OCI). */
    cpu: number;
    /** MiB. */
    memory: number;
  };
}

/** Options some size checks need. */
export interface SizeCheckOptions {
  /** Cores of the machine running the local engine. */
  hostCpus: number;
}

/** What the support rules read of a service. */
export interface SupportedService {
  /** The service's health check. */
  health: HealthCheck;
  /** Run as this numeric `uid[:gid]`, if set. */
  user?: string;
  /** Mount the root filesystem read-only. */
  readOnlyRootFilesystem: boolean;
  /** Takes traffic from outside the target. */
  public: boolean;
  /** The main port. */
  port?: number;
  /** Every port, the main one first. */
  ports?: readonly ServicePort[];
  /** Scratch and persistent volumes. */
  volumes?: readonly ServiceVolume[];
}

/** Where a rule is checked: the target's name, and its config when the stack config is checked. */
export interface KindContext<C> {
  /** Target name, for messages. */
  target: string;
  /** The target's config, or what a component knows of it (absent when nothing is known). */
  config?: Partial<C>;
  /** Services of the target this one connects to (jobs). */
  connects?: readonly string[];
  /** Fargate: the service sits behind a load balancer (it is public). */
  behindLoadBalancer?: boolean;
}

/** One planned service on one target and arch, as the kind-level checks, costs and summary read it. */
export interface PlannedService {
  /** Service name. */
  name: string;
  /** The service's index in the stack (local ports are derived from it). */
  index: number;
  /** The arch it runs on this target. */
  arch: Arch;
  /** One replica's size. */
  size: Size;
  /** Replicas on this target and arch. */
  replicas: number;
  /** The main port. */
  port?: number;
  /** Every port, the main one first (empty for a service without ports). */
  ports: readonly ServicePort[];
  /** Takes traffic from outside the target. */
  public: boolean;
  /** The health check, defaults filled in. */
  health: HealthCheck;
  /** The job, when the service is one. */
  job?: ServiceJob;
  /** Plain env (secret values are not part of it). */
  env: Record<string, string>;
  /** Scratch and persistent volumes. */
  volumes: readonly ServiceVolume[];
  /** Mount the root filesystem read-only. */
  readOnlyRootFilesystem: boolean;
  /** Config path of each value, to name the key to change. */
  at: {
    /** The service's entry. */
    service: PropertyPath;
    /** Its `cpu` key. */
    cpu: PropertyPath;
    /** Its `replicas` key. */
    replicas: PropertyPath;
    /** `ports` when the service declares a list, else `port`. */
    ports: PropertyPath;
  };
}

/** One line of the monthly cost estimate. */
export interface CostLine {
  /** Target name. */
  target: string;
  /** The target's kind. */
  kind: string;
  /** The arch billed. */
  arch: string;
  /** What is billed, in words. */
  basis: string;
  /** Estimated USD per month. */
  usdPerMonth: number;
  /** A scheduled job's line: its runs, each taken at its timeout (an upper bound). */
  job?: string;
}

/** A kind's dated price table and how a stack overrides it (`crossarch:prices.<key>`). */
export interface KindPrices<P> {
  /** Key under `crossarch:prices` (`fargate`, `aca`, `ociA1`). */
  key: string;
  /** The shipped figures. */
  table: P;
  /** Where the figures come from, in words. */
  source: string;
  /** The schema of an override (any subset of the table). */
  overrides: z.ZodType;
  /** The table with an override applied. */
  merge(table: P, override: unknown): P;
}

/** What the compose importer writes for a kind. */
export interface KindImporter {
  /** The target it writes: its name and config. */
  target(options: { basePort?: number; location?: string; region?: string }): {
    /** Target name. */
    name: string;
    /** The target's config, as written under `crossarch:targets.<name>`. */
    config: Record<string, unknown>;
  };
  /** Stack keys it adds (`builder`). */
  stackKeys?: Record<string, unknown>;
  /** A compose size on the kind's grid: the smallest legal size that gives at least what was asked (either may be missing). */
  fitSize(cpu: number | undefined, memoryMiB: number | undefined, hostCpus: number): Size | undefined;
}

/** Hooks a program passes to every kind (tests replace the machine and the network with them). */
export type DeployOptions = Record<string, unknown>;

/** What a kind's deployer gets for one target. */
export interface DeployContext<C> {
  /** Target name. */
  name: string;
  /** The target's parsed config. */
  target: C;
  /** Application name. */
  app: string;
  /** Stack name. */
  stack: string;
  /** The standard tags of the target's resources. */
  tags: Record<string, string>;
  /** Resource options of the target's resources (its explicit provider). */
  opts: pulumi.CustomResourceOptions;
  /** A `crossarch` config key's value, as a Pulumi secret. */
  secret(key: string): pulumi.Output<string>;
  /** The program's hooks for every kind. */
  options: DeployOptions;
}

/** One service on the target, as its component takes it, with the arch it runs and its index in the stack. */
export type DeployedService = TargetService & {
  /** The arch this copy runs. */
  arch: Arch;
  /** The service's index in the stack. */
  index: number;
};

/** What deploying to a kind needs at run time (loaded only for kinds a stack uses). */
export interface KindDeployer<C, F = unknown> {
  /** An explicit provider for the target (a region of its own); none: the default provider. */
  provider?(name: string, target: C): pulumi.ProviderResource;
  /**
   * Checks of this machine or the network before anything is registered: problems by config key
   * (`targets.<name>...`), or a thrown error that names what is missing on the machine.
   */
  preflight?(ctx: {
    name: string;
    target: C;
    builds: boolean;
    builder?: string | Partial<Record<Arch, string>>;
    options: DeployOptions;
  }): Promise<Problem[]>;
  /** The target's registry (when it runs images built here) and what its target component needs. */
  foundation(ctx: DeployContext<C> & { builtImages: string[] }): {
    /** The registry images built for the target are pushed to. */
    registry?: ImageRegistry;
    /** What the target component needs from the foundation (Azure: the resource group). */
    shared?: F;
  };
  /** The target component: public services' URLs (and, locally, every replica's). */
  deploy(ctx: DeployContext<C> & { services: DeployedService[]; registry?: ImageRegistry; shared?: F }): {
    /** Public services' URLs (locally, one per replica). */
    urls: Record<string, pulumi.Input<string>>;
    /** Every replica's address (local targets). */
    endpoints?: Record<string, string>;
  };
}

/** Every fact about one target kind. `C` is the parsed config of one target of the kind. */
export interface TargetKindModule<K extends string = string, C extends TargetConfigBase = TargetConfigBase, P = unknown> {
  /** The value of `kind:` in config. */
  kind: K;
  /** Its name in messages: `AWS Fargate`. */
  title: string;
  /** The archs it can run at all. */
  arches: readonly Arch[];
  /** The schema of one target of the kind: a strict object with `kind: z.literal(kind)`. */
  schema: z.ZodObject;
  /** The archs a configured target runs. */
  archesOf(target: C): Arch[];
  /** Runs every arch it has side by side, each from its own per-arch image (the local engine). */
  runsEachArch: boolean;
  /** Mounts root filesystems read-only unless told otherwise (Container Apps cannot). */
  readOnlyRootDefault: boolean;
  /** A service's name resolves as a host name from the services that connect to it. */
  serviceNamesResolve: boolean;
  /** One replica's size on the kind's grid. */
  validateSize(size: Size, options: SizeCheckOptions): Problem[];
  /** The ranges of its health checks, and whether a check runs a command. */
  health: HealthRanges;
  /** Health rules beyond the ranges (Fargate's ALB thresholds). */
  validateHealth?(spec: HealthCheck, ctx: KindContext<C>): Problem[];
  /** Why a volume's size has no effect here, by persistence; absent where it sizes something. */
  volumeSizeIgnored: {
    /** Why a persistent volume's size is ignored. */
    persistent?: string;
    /** Why a scratch volume's size is ignored. */
    scratch?: string;
  };
  /** The keys of a service that have no effect on the kind (beyond volume sizes). */
  support(s: SupportedService, ctx: KindContext<C>, refuse: (path: (string | number)[], why: string) => void): Problem[];
  /** What the kind can do with a job; paths relative to the service. */
  jobs(job: ServiceJob, ctx: KindContext<C>, refuse: (path: string[], why: string) => void): Problem[];
  /** Checks of one configured target with what it runs (instance shapes, ports, places). */
  checkTarget?(name: string, target: C, services: readonly PlannedService[]): Problem[];
  /** Checks across the stack's targets of this kind (one local target per stack). */
  checkStack?(targets: readonly [string, C][]): Problem[];
  /** Limits of names and values the kind's resources derive from one planned service. */
  checkService?(target: string, s: PlannedService): Problem[];
  /** Its dated prices (none where it costs nothing). */
  prices?: KindPrices<P>;
  /** The monthly cost of a target: always-on services and scheduled jobs. */
  cost(name: string, target: C, services: readonly PlannedService[], prices: P): CostLine[];
  /** The checks that really run for a service, in words, for the plan's summary. */
  describeChecks(s: PlannedService): string[];
  /** What a change on the target restarts, said before it happens; absent where a change restarts one service only. */
  replacementNote?(name: string, services: readonly PlannedService[]): string | undefined;
  /** The compose importer's view of the kind; absent where it writes no target of the kind. */
  importer?: KindImporter;
  /** The kind's rows of the docs tables: key -> what it does or why it is refused. */
  docs: {
    /** Service keys. */
    support: Record<string, string>;
    /** Job keys. */
    jobs: Record<string, string>;
  };
  /** Its deploy-time half (components and SDK), loaded only when a stack deploys to it. */
  load(): Promise<KindDeployer<C, any>>; // eslint-disable-line @typescript-eslint/no-explicit-any
}

/** `target <name> (<title>)`, the way every message names a target. */
export function whereOn(kind: Pick<TargetKindModule, "title">, target: string): string {
  return `target ${target} (${kind.title})`;
}
