/**
 * Health check for Docker HEALTHCHECK and ECS: `node dist/healthcheck.js`.
 * GETs http://127.0.0.1:${PORT}${HEALTH_PATH} (defaults 8080 and /healthz) with a 3 s timeout;
 * exits 0 on a 2xx answer, 1 otherwise. No curl or wget needed in the image.
 */
import { request } from "node:http";

export const HEALTHCHECK_TIMEOUT_MS = 3_000;

export interface CheckResult {
  ok: boolean;
  status: number | null;
  error?: string;
}

/** One GET against 127.0.0.1; resolves (never rejects) within `timeoutMs`. */
export function check(port: number, path: string, timeoutMs: number = HEALTHCHECK_TIMEOUT_MS): Promise<CheckResult> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = (result: CheckResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const req = request({ host: "127.0.0.1", port, path, method: "GET", headers: { connection: "close" } }, (res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      res.on("end", () => finish({ ok: status >= 200 && status < 300, status }));
      res.on("error", (err) => finish({ ok: false, status, error: err.message }));
    });
    const timer = setTimeout(() => {
      req.destroy();
      finish({ ok: false, status: null, error: `timed out after ${timeoutMs} ms` });
    }, timeoutMs);
    req.on("error", (err) => finish({ ok: false, status: null, error: err.message }));
    req.end();
  });
}

function portFrom(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === "") return 8080;
  const n = Number(value);
  return /^\d+$/.test(value.trim()) && n >= 1 && n <= 65535 ? n : undefined;
}

async function main(): Promise<void> {
  const port = portFrom(process.env.PORT);
  const rawPath = process.env.HEALTH_PATH || "/healthz";
  const path = rawPath.startsWith("/") ? rawPath : `/${rawPath}`;
  if (port === undefined) {
    process.stderr.write(`healthcheck: PORT=${JSON.stringify(process.env.PORT)} is not a port (1-65535)\n`);
    process.exit(1);
  }
  const result = await check(port, path);
  const line = `healthcheck: GET http://127.0.0.1:${port}${path} -> ${result.status ?? result.error}`;
  (result.ok ? process.stdout : process.stderr).write(`${line}\n`);
  process.exit(result.ok ? 0 : 1);
}

if (require.main === module) {
  void main();
}
