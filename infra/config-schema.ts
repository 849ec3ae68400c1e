/**
 * The shape of a stack's `crossarch:*` config, as a zod schema. Only shape and local
 * ranges live here; rules that relate keys to each other (an image a service names must
 * exist, sizes on each target's grid, budgets) are in `config-checks.ts`.
 */
import { z } from "zod";
import { ARCHES, HEALTH_DEFAULTS, OCI_SHAPES, parseCidr, parseMemory } from "@crossarch/components/model";
import { Region } from "@pulumi/aws/types/enums";
import { nearest } from "./near";

/** Every region the AWS provider SDK knows. */
const AWS_REGIONS: readonly string[] = Object.values(Region);

/** A strict object whose unknown keys are reported with the keys that are allowed. */
/** `retired`: keys the shape still recognises only to refuse them with advice; never listed as allowed. */
function strict<T extends z.ZodRawShape>(shape: T, retired: readonly string[] = []) {
  const allowed = Object.keys(shape)
    .filter((k) => !retired.includes(k))
    .join(", ");
  return z.strictObject(shape, {
    error: (iss) =>
      iss.code === "unrecognized_keys"
        ? `unknown key${iss.keys.length > 1 ? "s" : ""} ${iss.keys.map((k) => JSON.stringify(k)).join(", ")}; allowed: ${allowed}`
        : undefined,
  });
}

const NAME = /^[a-z][a-z0-9-]{0,30}[a-z0-9]$/;
/** A name that is safe as a resource name, a DNS label and a tag value on every cloud. */
const name = z.string().regex(NAME, "must be 2-32 lowercase letters, digits or '-', starting with a letter and not ending with '-'");

/** An image name: a repository name on every registry (ECR, ACR, OCIR allow no doubled separators). */
const imageName = z
  .string()
  .regex(
    /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/,
    "must be lowercase letters and digits in words joined by single '-' (it becomes a repository name)",
  )
  .max(32, "must be at most 32 characters");

const port = z.number().int().min(1).max(65535);
const seconds = z.number().int().min(0);
const cpu = z.number().positive().max(128);
const arch = z.enum(ARCHES as [string, ...string[]]).transform((a) => a as (typeof ARCHES)[number]);
const platform = z.enum(["linux/amd64", "linux/arm64"]);

/** Memory as `512Mi` / `1.5Gi`, parsed to MiB. */
const memory = z
  .string({
    error: (iss) =>
      iss.input === undefined ? undefined : 'must be a memory quantity with a unit, such as "512Mi" or "1.5Gi" (a bare number has none)',
  })
  .transform((text, ctx) => {
    const mib = parseMemory(text);
    if (mib === undefined) {
      ctx.addIssue({
        code: "custom",
        message: 'must be a memory quantity such as "512Mi" or "1.5Gi" (a whole number of MiB)',
        input: text,
      });
      return z.NEVER;
    }
    return mib;
  });

/** An IPv4 CIDR block whose prefix length is between `min` and `max`. */
function cidr(min: number, max: number) {
  return z.string().refine((c) => {
    const parsed = parseCidr(c);
    return parsed !== undefined && parsed[1] >= min && parsed[1] <= max;
  }, `must be an IPv4 CIDR block from /${min} to /${max} without host bits, e.g. 10.0.0.0/16`);
}

const httpPath = z.string().regex(/^\/[\x21-\x7e]*$/, "must be an HTTP path starting with '/', without spaces");
const envName = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an environment variable name: letters, digits and '_', not starting with a digit");

/** `cpu`, `memory` and `replicas`, each optional: a service's size, or an override of it. */
const sizeSpec = strict({
  /** vCPUs per replica. */
  cpu: cpu.optional(),
  /** Memory per replica. */
  memory: memory.optional(),
  /** Replica count. */
  replicas: z.number().int().min(1).max(100).optional(),
});

/** A config key of the namespace that holds a secret (`dbPassword`). */
const secretKeyName = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, "must be a config key of the crossarch namespace, e.g. dbPassword");

/**
 * An env value: text, or `{ secret: <key> }` naming a key of the namespace set with
 * `pulumi config set --secret`, delivered by each platform's secret mechanism.
 */
const envValue = z.union([z.string(), strict({ secret: secretKeyName })], {
  error: (iss) =>
    iss.code === "invalid_union" ? 'must be text (quote numbers and booleans: "1", "true") or { secret: <key> }' : undefined,
});
/** A service's environment. */
const envMap = z.record(envName, envValue);

const healthFields = {
  /** HTTP path of the liveness check. Without a path (and without a command) the check is a TCP connect. */
  path: httpPath.optional(),
  /** HTTP path of the readiness check; defaults to `path`. */
  readinessPath: httpPath.optional(),
  /** Port the check targets; defaults to the service's first port. */
  port: port.optional(),
  /** A command run inside the container (ECS and Docker run these; ACA and OCI cannot). */
  command: z.array(z.string().min(1)).min(1).optional(),
  intervalSeconds: seconds.optional(),
  timeoutSeconds: seconds.optional(),
  retries: z.number().int().min(1).optional(),
  startPeriodSeconds: seconds.optional(),
};

const health = strict({
  ...healthFields,
  intervalSeconds: seconds.default(HEALTH_DEFAULTS.intervalSeconds),
  timeoutSeconds: seconds.default(HEALTH_DEFAULTS.timeoutSeconds),
  retries: z.number().int().min(1).default(HEALTH_DEFAULTS.retries),
  startPeriodSeconds: seconds.default(HEALTH_DEFAULTS.startPeriodSeconds),
});

/** Run as this numeric uid[:gid]. */
const user = z.string().regex(/^\d+(:\d+)?$/, "must be a numeric uid or uid:gid, e.g. 10001:10001");

/**
 * An override by arch or target: size and replicas; env merged over the service's env; health
 * fields merged over its health; user and readOnlyRootFilesystem. Keys a target cannot honour
 * (a health command on ACA) go here, under the targets that run them.
 */
const override = strict({
  ...sizeSpec.shape,
  /** Env for this arch or target, merged over the service's `env` (per-arch thread counts, model files, flags). */
  env: envMap.optional(),
  /** Health fields for this arch or target, merged over the service's `health`. */
  health: strict(healthFields).optional(),
  user: user.optional(),
  readOnlyRootFilesystem: z.boolean().optional(),
});

/** A volume mounted into a service's containers. */
const volume = strict({
  /** Names the volume: part of its storage's resource names; unique within the service. */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/, "must be 2-22 lowercase letters, digits or '-', starting with a letter"),
  /** Absolute path in the container. */
  path: z.string().regex(/^\/[^\0\s]*[^/\0\s]$/, "must be an absolute path such as /var/lib/postgresql/data (not / itself)"),
  /**
   * Keep the data across container, task and instance replacement (EFS, Azure Files, OCI File
   * Storage, a Docker named volume). Default false: scratch space that goes with the container.
   */
  persistent: z.boolean().default(false),
  /** Size where the target takes one: an Azure Files share quota, a local tmpfs. */
  size: memory.optional(),
  /** Persistent storage outlives `pulumi destroy` unless this is false. */
  retainOnDelete: z.boolean().default(true),
});

/** Work that ends: once per deploy, or on a schedule. */
const job = strict({
  /** `once`: at every deploy that changes it; with `before`, ahead of those services. */
  run: z.literal("once").optional(),
  /** Or a 5-field cron schedule in UTC, e.g. "0 3 * * *". */
  schedule: z.string().min(1).optional(),
  /** Seconds a run may take. */
  timeoutSeconds: z.number().int().min(1).max(86400).optional(),
  /** Runs again after a failed run. */
  retries: z.number().int().min(0).max(10).optional(),
  /** `once` jobs: services of the same targets that start only after the job succeeded. */
  before: z.array(name).min(1).optional(),
});

/** One port a service listens on. */
const servicePort = strict({
  /** Names the port in env (`<SERVICE>_<NAME>_PORT`) and in ECS port mappings; needed from the second port on. */
  name: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,14}$/, "must be 1-15 lowercase letters, digits or '-', starting with a letter")
    .optional(),
  port,
  /** `http` (the default) or `tcp` (databases, caches, anything not HTTP). */
  protocol: z.enum(["http", "tcp"]).default("http"),
});

const build = strict({
  /** Build context directory, relative to the project root. */
  context: z.string().min(1),
  /** Dockerfile path relative to the project root; defaults to `<context>/Dockerfile`. */
  dockerfile: z.string().min(1).optional(),
  /** Dockerfile stage to build (image variants from one Dockerfile). */
  target: z.string().min(1).optional(),
  /** `host` when build steps need the network and the engine has no bridge (the local stack). */
  network: z.enum(["host", "default"]).optional(),
  /** Build arguments. */
  args: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a build-arg name"), z.string()).default({}),
});

const image = strict({
  /** Build the image from a Dockerfile. */
  build: build.optional(),
  /** Or use an existing image, ideally pinned by digest. */
  ref: z
    .string()
    .regex(/^[a-z0-9][\w.:/@-]*$/i, "must be an image reference such as registry/name:tag or registry/name@sha256:...")
    .optional(),
  /** Platforms to build, or the platforms an external ref is known to contain. */
  platforms: z
    .array(platform)
    .min(1)
    .refine((ps) => new Set(ps).size === ps.length, "lists a platform twice")
    .optional(),
}).check((ctx) => {
  const v = ctx.value;
  if ((v.build === undefined) === (v.ref === undefined)) {
    ctx.issues.push({ code: "custom", message: "give exactly one of build or ref", input: v, path: [] });
  }
});

const service = strict(
  {
    name,
    /** Key of `crossarch:images`. */
    image: z.string().min(1),
    /** The port the service listens on (its first port); `ports` instead for several. */
    port: port.optional(),
    /** The protocol of `port`: `http` (the default) or `tcp`. */
    protocol: z.enum(["http", "tcp"]).optional(),
    /** Several ports, each http or tcp; the first is the service's main port. Instead of `port`. */
    ports: z.array(servicePort).min(1).max(5).optional(),
    /**
     * Services on the same targets this one talks to. Each is injected as `<NAME>_HOST`,
     * `<NAME>_PORT` and `<NAME>_URL` (name upper-cased, '-' as '_'), addressed as each target can.
     */
    connects: z.array(name).default([]),
    /** Work that ends instead of a service: `{ run: once, before? }` or `{ schedule: "<cron>" }`. */
    job: job.optional(),
    /** Volumes: scratch space, or persistent storage that outlives replacements. */
    volumes: z.array(volume).max(8).default([]),
    /** Take traffic from outside: ACA external ingress, an ALB on Fargate. Needs a port. */
    public: z.boolean().default(false),
    /** Replaces the image's ENTRYPOINT on every target (ECS entryPoint, ACA command, OCI commands, Docker Entrypoint). */
    entrypoint: z.array(z.string()).min(1).optional(),
    /** Replaces the image's CMD on every target (ECS command, ACA args, OCI arguments, Docker Cmd). */
    args: z.array(z.string()).min(1).optional(),
    /** Gone: it meant ENTRYPOINT on ACA and OCI but CMD on ECS and Docker. */
    command: z
      .unknown()
      .optional()
      .refine((v) => v === undefined, {
        message:
          "command is no longer read: it replaced the image's ENTRYPOINT on ACA and OCI but its CMD on ECS and Docker; use entrypoint to replace the ENTRYPOINT and args to replace the CMD (the same on every target)",
      }),
    env: envMap.default({}),
    health: health.prefault({}),
    replicas: z.number().int().min(1).max(100).default(1),
    /** Target names this service runs on; all targets when left out. */
    targets: z.array(z.string()).min(1).optional(),
    size: sizeSpec.default({}),
    /** Per-arch or per-target overrides of size, replicas, env, health, user and readOnlyRootFilesystem, keyed by arch or target name. */
    overrides: z.record(z.string(), override).default({}),
    /** Run as this numeric uid[:gid]; set it for images whose USER the platform cannot see (ECS, OCI check it). */
    user: user.optional(),
    /**
     * Mount the root filesystem read-only (the app writes nowhere else than its volumes). Default:
     * true on every target that can (ECS, OCI, Docker); Container Apps cannot, so there it is false.
     */
    readOnlyRootFilesystem: z.boolean().optional(),
  },
  ["command"],
);

const budget = strict({ cpu, memory });

const registryLogin = {
  /** Config key (in the `crossarch` namespace) holding the registry password, set with `--secret`. */
  passwordSecret: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "must be a config key name")
    .optional(),
};

const aca = strict({
  kind: z.literal("aca"),
  location: z.string().min(1),
  resourceGroup: z.string().min(1).optional(),
  registry: strict({
    kind: z.literal("acr").default("acr"),
    name: z
      .string()
      .regex(/^[a-zA-Z0-9]{5,50}$/, "must be 5-50 letters or digits")
      .optional(),
  }).default({ kind: "acr" }),
  logRetentionDays: z.number().int().min(30).max(730).default(30),
  budget: budget.optional(),
});

const fargate = strict({
  kind: z.literal("fargate"),
  /** An AWS region, one of the list the provider SDK ships (@pulumi/aws's Region enum). */
  region: z.string().superRefine((r, ctx) => {
    if (AWS_REGIONS.includes(r)) return;
    const near = nearest(r, AWS_REGIONS);
    ctx.addIssue({
      code: "custom",
      message: `is not an AWS region${near ? `; did you mean ${near}?` : ""} (the regions @pulumi/aws knows: ${AWS_REGIONS.length}, e.g. us-east-1, eu-west-1)`,
      input: r,
    });
  }),
  arch: arch.default("arm64"),
  /** Block of the VPC crossarch creates (two public and two private subnets). */
  vpcCidr: cidr(16, 24).default("10.0.0.0/16"),
  /** Use an existing VPC instead: the ALB goes in the public subnets, tasks in the private ones. */
  existingNetwork: strict({
    vpcId: z.string().regex(/^vpc-[0-9a-f]+$/, "must be a VPC id (vpc-...)"),
    vpcCidr: cidr(16, 28),
    publicSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, "must be a subnet id (subnet-...)")).min(2),
    privateSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, "must be a subnet id (subnet-...)")).min(2),
  }).optional(),
  /** ACM certificate for HTTPS listeners; without it public services are served over HTTP. */
  certificateArn: z
    .string()
    .regex(/^arn:aws[\w-]*:acm:/, "must be an ACM certificate ARN")
    .optional(),
  logRetentionDays: z.number().int().min(1).max(3653).default(30),
  registry: strict({ kind: z.literal("ecr").default("ecr") }).default({ kind: "ecr" }),
  budget: budget.optional(),
});

const oci = strict({
  kind: z.literal("oci"),
  region: z.string().regex(/^[a-z]{2}-[a-z]+-\d$/, "must be an OCI region such as eu-frankfurt-1"),
  compartmentId: z.string().regex(/^ocid1\.(compartment|tenancy)\./, "must be a compartment or tenancy OCID (ocid1.compartment....)"),
  availabilityDomain: z.string().min(1),
  shape: z.enum(Object.keys(OCI_SHAPES) as [string, ...string[]]).default("CI.Standard.A1.Flex"),
  /** OCPUs of the instance; the shape's range is checked with the model (CI.Standard.A1.Flex: 1-76). */
  ocpus: z.number({ error: "must be a number of OCPUs, e.g. 4" }),
  memory,
  subnetId: z
    .string()
    .regex(/^ocid1\.subnet\./, "must be a subnet OCID")
    .optional(),
  /** Block of the VCN crossarch creates when no subnetId is given. */
  vcnCidr: cidr(16, 24).default("10.1.0.0/16"),
  assignPublicIp: z.boolean().default(false),
  registry: strict({
    kind: z.literal("ocir").default("ocir"),
    /** The tenancy's Object Storage namespace. */
    namespace: z.string().min(1),
    /** The user that pushes (an OCI IAM user with an auth token). */
    username: z.string().min(1),
    /** Config key holding the user's auth token, set with --secret. */
    passwordSecret: registryLogin.passwordSecret.unwrap(),
  }),
  budget: budget.optional(),
});

const local = strict({
  kind: z.literal("local"),
  arches: z.array(arch).min(1).default(["amd64", "arm64"]),
  registry: strict({
    kind: z.literal("local").default("local"),
    /** A loopback address, or a name that resolves to one (checked before anything is registered). */
    address: z
      .string()
      .regex(
        /^[a-z0-9.-]+:\d{1,5}$/,
        "must be host:port of a registry on this machine, e.g. 127.0.0.1:5000 or registry.crossarch.test:5443",
      )
      .default("127.0.0.1:5000"),
    /** The registry serves HTTPS with a certificate this machine trusts (needed by docker-build's Index). */
    tls: z.boolean().default(false),
    username: z.string().min(1).optional(),
    ...registryLogin,
  }).default({ kind: "local", address: "127.0.0.1:5000", tls: false }),
  basePort: port.default(18080),
  budget: budget.optional(),
});

const target = z.discriminatedUnion("kind", [aca, fargate, oci, local], {
  error: (iss) =>
    iss.code === "invalid_union"
      ? `kind must be one of "aca", "fargate", "oci", "local"; given ${JSON.stringify((iss.input as { kind?: unknown } | undefined)?.kind ?? null)}`
      : undefined,
});

const profile = strict({
  cpu: cpu.optional(),
  memory: memory.optional(),
  workersPerVcpu: z.number().positive().max(8).optional(),
  requestTimeoutSeconds: z.number().int().min(1).max(3600).optional(),
  shutdownGraceSeconds: z.number().int().min(0).max(3600).optional(),
});

const rate = z.number().nonnegative();
/** Overrides of the plan's dated price table (stacks/prices.ts), any subset. */
const prices = strict({
  asOf: z.string().min(1).optional(),
  fargate: strict({
    amd64: strict({ vcpuHour: rate.optional(), gbHour: rate.optional() }).optional(),
    arm64: strict({ vcpuHour: rate.optional(), gbHour: rate.optional() }).optional(),
  }).optional(),
  aca: strict({
    vcpuSecond: rate.optional(),
    gibSecond: rate.optional(),
    freeVcpuSeconds: rate.optional(),
    freeGibSeconds: rate.optional(),
  }).optional(),
  ociA1: strict({ ocpuHour: rate.optional(), gbHour: rate.optional() }).optional(),
});

/** The whole `crossarch:*` namespace. */
export const stackConfigSchema = strict({
  /** Application name: a tag on every resource and a prefix of resource names. */
  app: name,
  images: z.record(imageName, image).refine((m) => Object.keys(m).length > 0, "declare at least one image"),
  services: z.array(service).min(1, "declare at least one service"),
  targets: z.record(name, target).refine((m) => Object.keys(m).length > 0, "declare at least one target"),
  profiles: z.partialRecord(arch, profile).default({}),
  /** Overrides of the cost estimate's prices. */
  prices: prices.optional(),
  /**
   * A buildx builder (docker-container or remote driver) for every build. Empty (the default
   * Pulumi.yaml declares) or absent: the engine's own builder.
   */
  builder: z
    .union([
      z.literal(""),
      z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "must be empty (the engine's own builder) or a buildx builder name"),
    ])
    .optional()
    .transform((b) => (b === "" ? undefined : b)),
});

/** The config as the schema delivers it (defaults filled in, memory in MiB). */
export type ParsedConfig = z.output<typeof stackConfigSchema>;
export type ServiceConfig = ParsedConfig["services"][number];
export type TargetConfig = ParsedConfig["targets"][string];
export type ImageConfig = ParsedConfig["images"][string];
export type SizeSpec = z.output<typeof sizeSpec>;
export type OverrideConfig = z.output<typeof override>;
/** The config keys the namespace has. */
export const CONFIG_KEYS = Object.keys(stackConfigSchema.shape);
