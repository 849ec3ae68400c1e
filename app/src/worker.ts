/**
 * Background worker variant: every WORK_INTERVAL_SECONDS (default 5) it runs a small job
 * (a chain of SHA-256 hashes) and logs the count. It serves only `/healthz` and `/readyz`
 * on PORT (default 8081) so platforms can health-check it; `/readyz` is 503 until the first
 * job has run and while draining. SIGTERM/SIGINT: stop scheduling, let a running job finish,
 * close the listener, exit 0 within CROSSARCH_SHUTDOWN_GRACE_SECONDS.
 */
import { createHash } from "node:crypto";
import { type Env, type Settings, SettingsError, settingsFrom } from "./settings";
import { type Logger, archOf, jsonLogger, listen, runProcess, sendJson } from "./runtime";

export const WORKER_DEFAULT_PORT = 8081;
export const WORKER_DEFAULT_SERVICE = "crossarch-sample-worker";

export interface WorkerSettings extends Settings {
  /** Seconds between jobs (env `WORK_INTERVAL_SECONDS`, 0.05-3600, default 5). */
  workIntervalSeconds: number;
}

export function workerSettingsFrom(env: Env): WorkerSettings {
  const base = settingsFrom(env, { defaultPort: WORKER_DEFAULT_PORT, defaultService: WORKER_DEFAULT_SERVICE });
  const raw = env.WORK_INTERVAL_SECONDS?.trim();
  let workIntervalSeconds = 5;
  if (raw) {
    const n = Number(raw);
    if (!/^\d+(\.\d+)?$/.test(raw) || n < 0.05 || n > 3600) {
      throw new SettingsError("WORK_INTERVAL_SECONDS", raw, "a number from 0.05 to 3600");
    }
    workIntervalSeconds = n;
  }
  return { ...base, workIntervalSeconds };
}

/** The job: `rounds` chained SHA-256 digests of the previous digest and the job number. */
export function job(n: number, rounds = 5_000): string {
  let digest = createHash("sha256").update(`crossarch-${n}`).digest();
  for (let i = 1; i < rounds; i++) digest = createHash("sha256").update(digest).digest();
  return digest.toString("hex");
}

export interface WorkerHandle {
  port: number;
  /** Jobs completed so far. */
  jobs(): number;
  /** Graceful stop. Idempotent. */
  close(): Promise<void>;
}

export async function startWorker(settings: WorkerSettings, options: { log?: Logger } = {}): Promise<WorkerHandle> {
  const log = options.log ?? jsonLogger({ service: settings.service });
  let jobs = 0;
  let lastJobAt: number | null = null;
  let stopped = false;
  let closing: Promise<void> | undefined;

  const service = await listen(
    (req, res, svc) => {
      const route = (req.url ?? "/").split("?")[0];
      if (route === "/healthz") {
        sendJson(res, 200, { status: "ok", jobs, lastJobAt: lastJobAt === null ? null : new Date(lastJobAt).toISOString() });
      } else if (route === "/readyz") {
        const ready = svc.state() === "ready";
        sendJson(res, ready ? 200 : 503, { status: ready ? "ready" : svc.state(), jobs });
      } else {
        sendJson(res, 404, { error: "not found", path: route });
      }
    },
    {
      host: settings.host,
      port: settings.port,
      requestTimeoutSeconds: settings.requestTimeoutSeconds,
      drainDelaySeconds: settings.drainDelaySeconds,
      log,
    },
  );

  const runJob = (): void => {
    const started = process.hrtime.bigint();
    const digest = job(jobs + 1);
    jobs++;
    lastJobAt = Date.now();
    const ms = Number(process.hrtime.bigint() - started) / 1e6;
    log("info", "worker.job", { count: jobs, digest: digest.slice(0, 16), ms: Math.round(ms * 10) / 10 });
    if (service.state() === "starting") service.setState("ready");
  };

  // The first job runs right away (readiness waits for it); then one per interval.
  const first = setTimeout(() => !stopped && runJob(), 0);
  const timer = setInterval(() => !stopped && runJob(), settings.workIntervalSeconds * 1000);

  log("info", "worker.listening", {
    host: settings.host,
    port: service.port,
    arch: archOf(process.arch),
    intervalSeconds: settings.workIntervalSeconds,
  });

  return {
    port: service.port,
    jobs: () => jobs,
    close: () => {
      // Jobs are synchronous, so none is running while this callback runs: stop scheduling, then drain.
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      closing ??= service.close().then(() => log("info", "worker.stopped", { jobs }));
      return closing;
    },
  };
}

async function main(): Promise<void> {
  await runProcess({
    service: WORKER_DEFAULT_SERVICE,
    kind: "worker",
    settings: () => workerSettingsFrom(process.env),
    start: startWorker,
  });
}

if (require.main === module) {
  void main();
}
