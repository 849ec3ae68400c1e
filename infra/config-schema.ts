/**
 * The shape of a stack's `crossarch:*` config, as a zod schema. Only shape and local
 * ranges live here; rules that relate keys to each other (an image a service names must
 * exist, sizes on each target's grid, budgets) are in `config-checks.ts`.
 */
import { z } from "zod";
import { HEALTH_DEFAULTS, kindsVersion, schemaParts, targetKinds, type TargetConfig } from "@crossarch/components/model";

const { arch, cpu, envName, httpPath, imageName, memory, name, platform, port, seconds, strict } = schemaParts;

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

/** Most variants one image declaration expands to. */
export const MAX_VARIANTS = 16;

/** A release tag template: tag characters and the placeholders {version} and {variant}. */
const tagTemplate = z
  .string()
  .regex(
    /^[\w{][\w.{}-]{0,127}$/,
    "must be a tag template: letters, digits, '_', '.', '-' and {version} or {variant}, e.g. {version}-{variant}",
  )
  .refine(
    (t) => [...t.matchAll(/\{([^}]*)\}/g)].every((m) => m[1] === "version" || m[1] === "variant"),
    "may use only {version} and {variant}",
  );

const builderName = z.string().regex(/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/, "must be empty (the engine's own builder) or a buildx builder name");

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

/** One variant of a built image: another Dockerfile stage and/or other build args. */
const variant = strict({
  /** Names the variant: the expanded image is `<image>-<name>`, `{variant}` in tags is this. */
  name: z
    .string()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "must be lowercase letters and digits in words joined by single '-'")
    .max(20, "must be at most 20 characters"),
  /** Dockerfile stage of this variant; default the image's build.target. */
  target: z.string().min(1).optional(),
  /** Build args of this variant, over the image's build.args. */
  args: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be a build-arg name"), z.string()).default({}),
});

const image = strict({
  /** Build the image from a Dockerfile. */
  build: build.optional(),
  /** Variants of the build, as in a bake matrix: one image per entry, `<image>-<variant>`. */
  variants: z.array(variant).min(1).max(MAX_VARIANTS, `at most ${MAX_VARIANTS} variants per image`).optional(),
  /** Release registries (keys of crossarch:registries) to push this image to, with its release tags. */
  push: z.array(name).min(1).optional(),
  /** Release tag templates over {version} and {variant}; default {version}, and {version}-{variant} with variants. */
  tags: z.array(tagTemplate).min(1).max(10).optional(),
  /** Tags that may move to other content (every other release tag is immutable). */
  mutableTags: z.array(tagTemplate).default(["latest"]),
  /** Or use an existing image, ideally pinned by digest. */
  ref: z
    .string()
    .regex(/^[a-z0-9][\w.:/@-]*$/i, "must be an image reference such as registry/name:tag or registry/name@sha256:...")
    .optional(),
  /** Platforms to build, or the platforms an external ref is known to contain. */
  platforms: z
    .array(platform)
    .min(1)
    .check((ctx) => {
      const twice = ctx.value.filter((p, i) => ctx.value.indexOf(p) !== i);
      if (twice.length > 0)
        ctx.issues.push({
          code: "custom",
          message: `lists ${[...new Set(twice)].join(", ")} twice; each platform is built once`,
          input: ctx.value,
        });
    })
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

const profile = strict({
  cpu: cpu.optional(),
  memory: memory.optional(),
  workersPerVcpu: z.number().positive().max(8).optional(),
  requestTimeoutSeconds: z.number().int().min(1).max(3600).optional(),
  shutdownGraceSeconds: z.number().int().min(0).max(3600).optional(),
});

/** Overrides of the plan's dated price table (each kind's `prices`), any subset. */
function pricesSchema() {
  const byKind = Object.fromEntries(targetKinds().flatMap((k) => (k.prices ? [[k.prices.key, k.prices.overrides.optional()]] : [])));
  return strict({ asOf: z.string().min(1).optional(), ...byKind });
}

/** One target: its `kind` picks the kind's own schema. */
function targetSchema(): z.ZodType<TargetConfig> {
  const kinds = targetKinds();
  const schemas = kinds.map((k) => k.schema) as unknown as [z.ZodObject, ...z.ZodObject[]];
  return z.discriminatedUnion("kind", schemas, {
    error: (iss) =>
      iss.code === "invalid_union"
        ? `kind must be one of ${kinds.map((k) => JSON.stringify(k.kind)).join(", ")}; given ${JSON.stringify((iss.input as { kind?: unknown } | undefined)?.kind ?? null)}`
        : undefined,
  }) as unknown as z.ZodType<TargetConfig>;
}

/** A registry crossarch pushes release images to and does not create (GHCR, Docker Hub, Quay, Harbor). */
const releaseRegistry = strict({
  /** Host with an optional port: ghcr.io, docker.io, quay.io, harbor.example.com:8443. */
  server: z
    .string()
    .regex(
      /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/,
      "must be a registry host with an optional :port, no scheme or path (ghcr.io, docker.io)",
    ),
  /** Path prefix of every repository: the organisation or user (acme). */
  namespace: z
    .string()
    .regex(/^[a-z0-9]+([._-][a-z0-9]+)*(\/[a-z0-9]+([._-][a-z0-9]+)*)*$/, "must be a lowercase repository path (acme, acme/tools)")
    .optional(),
  username: z.string().min(1).optional(),
  /** The crossarch config key holding the password or token, set with `pulumi config set --secret`. */
  passwordSecret: z
    .string()
    .regex(/^[a-zA-Z][a-zA-Z0-9]*$/, "must be a config key name (letters and digits)")
    .optional(),
}).check((ctx) => {
  if ((ctx.value.username === undefined) !== (ctx.value.passwordSecret === undefined))
    ctx.issues.push({ code: "custom", message: "give both username and passwordSecret, or neither", input: ctx.value, path: [] });
});

/** The whole `crossarch:*` namespace. */
function buildSchema() {
  return strict({
    /** Application name: a tag on every resource and a prefix of resource names. */
    app: name,
    images: z.record(imageName, image).refine((m) => Object.keys(m).length > 0, "declare at least one image"),
    /** Services to deploy; none in an image-only (release) stack. */
    services: z.array(service).default([]),
    /** Where services run; none in an image-only (release) stack. */
    targets: z.record(name, targetSchema()).default({}),
    /** The release version that tag templates read as {version} (1.4.0, v1.4.0). */
    version: z
      .string()
      .regex(/^[\w][\w.-]{0,99}$/, "must be a tag-safe version: letters, digits, '_', '.' and '-', e.g. 1.4.0 or v1.4.0")
      .optional(),
    /**
     * A release (prod-like) stack: its compute resources are tagged `release: "true"`, and the
     * policy pack requires every external image there pinned with @sha256 in config.
     */
    release: z
      .union([z.boolean(), z.enum(["true", "false"]).transform((v) => v === "true")], { error: "must be true or false" })
      .default(false),
    /** Registries release images are pushed to (images.<name>.push names them). */
    registries: z.record(name, releaseRegistry).default({}),
    profiles: z.partialRecord(arch, profile).default({}),
    /** Overrides of the cost estimate's prices. */
    prices: pricesSchema().optional(),
    /**
     * A buildx builder (docker-container or remote driver) for every build. Empty (the default
     * Pulumi.yaml declares) or absent: the engine's own builder.
     */
    builder: z
      .union([
        z.literal(""),
        builderName,
        /** One builder per arch: a native Arm node for arm64 is the fast path. */
        strict({ amd64: builderName.optional(), arm64: builderName.optional() }),
      ])
      .optional()
      .transform((b) => (b === "" ? undefined : b)),
  });
}

let built: { version: number; schema: ReturnType<typeof buildSchema> } | undefined;

/** The whole `crossarch:*` namespace, built from the registered kinds (rebuilt when one is registered). */
export function stackConfigSchema(): ReturnType<typeof buildSchema> {
  if (built?.version !== kindsVersion()) built = { version: kindsVersion(), schema: buildSchema() };
  return built.schema;
}

/** The config as the schema delivers it (defaults filled in, memory in MiB). */
export type ParsedConfig = z.output<ReturnType<typeof buildSchema>>;
export type ServiceConfig = ParsedConfig["services"][number];
export type { TargetConfig };
export type ImageConfig = ParsedConfig["images"][string];
export type SizeSpec = z.output<typeof sizeSpec>;
export type OverrideConfig = z.output<typeof override>;
/** The config keys the namespace has. */
export const CONFIG_KEYS = Object.keys(stackConfigSchema().shape);
