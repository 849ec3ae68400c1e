/**
 * LocalJob: a job of the local target, as a Pulumi dynamic resource.
 * - `once`: each create or update pulls the image and runs a container to completion, bounded
 *   by the timeout, up to 1 + retries times; exit 0 is success, anything else fails the `up`
 *   with the last log lines. The container is removed after each run.
 * - a schedule: the container is created (not started) and a cron entry in /etc/cron.d starts
 *   it on the schedule, bounded by the timeout, with the retries; delete removes both.
 */
import * as pulumi from "@pulumi/pulumi";
import { containerOptions, engine, lastLogLines, pull } from "./container";
import type { ContainerProcessSpec } from "./process-spec";

/** What a job's container is made from (plain values: the provider runs in its own process). */
export interface LocalJobSpec extends ContainerProcessSpec {
  /** `once`, or a 5-field cron schedule. */
  run:
    | "once"
    | {
        /** 5-field cron schedule, in the machine's time zone (cron runs it). */
        schedule: string;
      };
  /** Seconds one run may take before it is killed. */
  timeoutSeconds: number;
  /** Runs again after a failed run (a run is tried 1 + retries times). */
  retries: number;
  /**
   * Where cron entries go.
   * @default "/etc/cron.d"
   */
  cronDir?: string;
}

/** Outputs: the spec plus what the last run did. */
export interface LocalJobOutputs extends LocalJobSpec {
  /** `once`: runs it took to succeed. */
  attempts?: number;
  /** `once`: when the successful run ended (ISO time). */
  finishedAt?: string;
  /** A schedule: the cron entry's file. */
  cronFile?: string;
}

/** Fail with a message the engine shows (the class is made inside: closures are serialized). */
function fail(message: string): never {
  class LocalJobError extends Error {}
  throw new LocalJobError(message);
}

/** Create (not start) the job's container under `name`, replacing a leftover of that name. */
async function createJobContainer(spec: LocalJobSpec, name: string) {
  const docker = engine(spec);
  await docker
    .getContainer(name)
    .remove({ force: true })
    .catch(() => undefined);
  return docker.createContainer(containerOptions(name, spec, "no"));
}

/** Run once to completion: up to 1 + retries attempts, each bounded by the timeout. */
async function runOnce(spec: LocalJobSpec): Promise<{ attempts: number; finishedAt: string }> {
  await pull(spec);
  let last = "";
  for (let attempt = 1; attempt <= spec.retries + 1; attempt++) {
    const container = await createJobContainer(spec, spec.name);
    await container.start();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const outcome = await Promise.race([
      container.wait().then((r: { StatusCode: number }) => ({ code: r.StatusCode, timedOut: false })),
      new Promise<{ code: number; timedOut: boolean }>((resolve) => {
        timer = setTimeout(() => resolve({ code: -1, timedOut: true }), spec.timeoutSeconds * 1000);
      }),
    ]);
    clearTimeout(timer);
    if (outcome.timedOut) await container.kill().catch(() => undefined);
    const logs = await lastLogLines(container);
    await container.remove({ force: true }).catch(() => undefined);
    if (outcome.code === 0) return { attempts: attempt, finishedAt: new Date().toISOString() };
    last = `${outcome.timedOut ? `did not finish within ${spec.timeoutSeconds}s` : `exited ${outcome.code}`} (attempt ${attempt} of ${spec.retries + 1}). Last log lines:\n${logs}`;
  }
  return fail(`job ${spec.name} (${spec.platform}) failed: ${last}`);
}

/** The cron entry that starts a scheduled job's container, bounded and retried. */
export function cronEntry(spec: Pick<LocalJobSpec, "name" | "run" | "timeoutSeconds" | "retries">): string {
  const schedule = typeof spec.run === "object" ? spec.run.schedule : "";
  const attempt = `timeout --kill-after=10 ${spec.timeoutSeconds} /usr/bin/docker start -a ${spec.name}`;
  const loop = `for i in $(seq 0 ${spec.retries}); do ${attempt} && break; /usr/bin/docker kill ${spec.name} >/dev/null 2>&1; done`;
  return `# crossarch job ${spec.name}: ${schedule} (the machine's time zone)\n${schedule} root ${loop} >>/var/log/crossarch-jobs.log 2>&1\n`;
}

async function schedule(spec: LocalJobSpec): Promise<string> {
  const fs = require("node:fs"); // eslint-disable-line @typescript-eslint/no-require-imports
  const path = require("node:path"); // eslint-disable-line @typescript-eslint/no-require-imports
  await pull(spec);
  await createJobContainer(spec, spec.name);
  const file = path.join(spec.cronDir ?? "/etc/cron.d", `crossarch-${spec.name}`);
  fs.writeFileSync(`${file}.next`, cronEntry(spec), { mode: 0o644 });
  fs.renameSync(`${file}.next`, file);
  return file;
}

async function unschedule(props: LocalJobOutputs): Promise<void> {
  const fs = require("node:fs"); // eslint-disable-line @typescript-eslint/no-require-imports
  if (props.cronFile) fs.rmSync(props.cronFile, { force: true });
  await engine(props)
    .getContainer(props.name)
    .remove({ force: true })
    .catch(() => undefined);
}

/** The provider. */
export const localJobProvider: pulumi.dynamic.ResourceProvider = {
  async diff(_id: string, olds: LocalJobOutputs, news: LocalJobSpec) {
    const keys = Object.keys({ ...news, ...olds }).filter(
      (k) => !["attempts", "finishedAt", "cronFile", "socketPath", "cronDir"].includes(k),
    );
    const get = (o: object, k: string) => JSON.stringify((o as Record<string, unknown>)[k]);
    const changed = keys.filter((k) => get(olds, k) !== get(news, k));
    return { changes: changed.length > 0, replaces: changed.includes("name") ? ["name"] : [], deleteBeforeReplace: true };
  },
  async create(spec: LocalJobSpec) {
    if (spec.run === "once") return { id: spec.name, outs: { ...spec, ...(await runOnce(spec)) } };
    return { id: spec.name, outs: { ...spec, cronFile: await schedule(spec) } };
  },
  async update(_id: string, olds: LocalJobOutputs, news: LocalJobSpec) {
    if (olds.run !== "once") await unschedule(olds);
    if (news.run === "once") return { outs: { ...news, ...(await runOnce(news)) } };
    return { outs: { ...news, cronFile: await schedule(news) } };
  },
  async delete(_id: string, props: LocalJobOutputs) {
    await unschedule(props);
  },
};

/** Inputs of a {@link LocalJob}: every field may be an Output. */
export type LocalJobArgs = { [K in keyof LocalJobSpec]: pulumi.Input<LocalJobSpec[K]> };

/**
 * A job on this machine's Docker engine (a dynamic resource). `once`: each create or update pulls
 * the image and runs a container to completion, bounded by the timeout, up to 1 + retries times;
 * anything but exit 0 fails the `up` with the last log lines. A schedule: the container is
 * created (not started) and a cron entry in `/etc/cron.d` starts it; delete removes both.
 * {@link LocalTarget} makes one per job and arch.
 *
 * @example
 * ```ts
 * import { LocalJob } from "@crossarch/components/local";
 * const migrate = new LocalJob("migrate-amd64", {
 *   name: "shop-migrate-amd64", image: migrateRef, platform: "linux/amd64", env: { DB_HOST: "127.0.0.1" },
 *   args: ["migrate", "up"], cpu: 0.5, memoryMiB: 256, pidsLimit: 128, capAdd: [], readOnlyRootFilesystem: true,
 *   labels: { app: "shop" }, run: "once", timeoutSeconds: 300, retries: 1,
 * });
 * ```
 */
export class LocalJob extends pulumi.dynamic.Resource {
  /** `once`: runs the last create or update took to succeed. */
  declare readonly attempts: pulumi.Output<number | undefined>;
  /** A schedule: the cron entry's file. */
  declare readonly cronFile: pulumi.Output<string | undefined>;

  constructor(name: string, args: LocalJobArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      localJobProvider,
      name,
      { ...args, attempts: undefined, finishedAt: undefined, cronFile: undefined },
      opts,
      "crossarch",
      "LocalJob",
    );
  }
}
