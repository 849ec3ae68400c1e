/** HTTP helpers for tests that talk to servers on 127.0.0.1: bounded in time and attempts. */
import { request } from "node:http";

export const HOST = "127.0.0.1";
export const expectedArch = process.arch === "x64" ? "amd64" : process.arch;
export const otherArch = expectedArch === "amd64" ? "arm64" : "amd64";

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

/** One GET on 127.0.0.1; rejects after `timeoutMs`. */
export function get(port: number, path: string, timeoutMs = 3_000): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: HOST, port, path, method: "GET", agent: false, timeout: timeoutMs }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => {
        try {
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text === "" ? null : JSON.parse(text) });
        } catch (err) {
          reject(err);
        }
      });
    });
    req.on("timeout", () => req.destroy(new Error(`GET ${path} timed out after ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end();
  });
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `probe` until it returns a value, at most `attempts` times `everyMs` apart. */
export async function until<T>(probe: () => Promise<T | undefined>, attempts: number, everyMs: number): Promise<T> {
  for (let i = 0; i < attempts; i++) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    await sleep(everyMs);
  }
  throw new Error(`condition not met after ${attempts} attempts ${everyMs} ms apart`);
}
