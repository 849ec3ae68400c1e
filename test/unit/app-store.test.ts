/**
 * The sample system's roles in-process: the password-protected TCP store, and `/chain` through
 * web -> api -> store, each hop addressed by the env a connection injects.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type ServerHandle } from "../../app/src/server";
import { settingsFrom } from "../../app/src/settings";
import { silentLogger } from "../../app/src/runtime";
import { startStore, storeCall, storeSettingsFrom, type StoreHandle } from "../../app/src/store";
import { HOST, get } from "../helpers/http";

const PASSWORD = "s3cret-store-password";

describe("the store role and the chain", () => {
  let store: StoreHandle;
  let api: ServerHandle;
  let web: ServerHandle;

  beforeAll(async () => {
    store = await startStore(storeSettingsFrom({ HOST, PORT: "0", STORE_PASSWORD: PASSWORD, SERVICE_NAME: "store" }), {
      log: silentLogger,
    });
    api = await startServer(settingsFrom({ HOST, PORT: "0", SERVICE_NAME: "api" }), {
      log: silentLogger,
      env: {
        CHAIN_NEXT: "store",
        STORE_HOST: HOST,
        STORE_PORT: String(store.port),
        STORE_URL: `tcp://${HOST}:${store.port}`,
        STORE_PASSWORD: PASSWORD,
      },
    });
    web = await startServer(settingsFrom({ HOST, PORT: "0", SERVICE_NAME: "web" }), {
      log: silentLogger,
      env: { CHAIN_NEXT: "api", API_URL: `http://${HOST}:${api.port}` },
    });
  });
  afterAll(async () => {
    await Promise.all([web?.close(), api?.close(), store?.close()]);
  });

  it("refuses a store password shorter than 8 characters, naming the variable but not the value", () => {
    expect(() => storeSettingsFrom({ STORE_PASSWORD: "short" })).toThrow(/STORE_PASSWORD/);
    expect(() => storeSettingsFrom({ STORE_PASSWORD: "short" })).not.toThrow(/short"/);
  });

  it("counts for a client with the password and refuses one without", async () => {
    const [first] = await storeCall({ host: HOST, port: store.port }, PASSWORD, ["INCR probe"]);
    const [second] = await storeCall({ host: HOST, port: store.port }, PASSWORD, ["INCR probe"]);
    expect([first, second]).toEqual(["1", "2"]);
    await expect(storeCall({ host: HOST, port: store.port }, "wrong-password", ["INCR probe"])).rejects.toThrow(/refused the password/);
  });

  it("keeps the counts in STORE_DATA across a new process", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "store-"));
    const settings = storeSettingsFrom({ HOST, PORT: "0", STORE_PASSWORD: PASSWORD, STORE_DATA: dir });
    const first = await startStore(settings, { log: silentLogger });
    await storeCall({ host: HOST, port: first.port }, PASSWORD, ["INCR kept", "INCR kept"]);
    await first.close();
    const second = await startStore(settings, { log: silentLogger });
    const [n] = await storeCall({ host: HOST, port: second.port }, PASSWORD, ["INCR kept"]);
    await second.close();
    expect(n).toBe("3");
    expect(() => storeSettingsFrom({ STORE_PASSWORD: PASSWORD, STORE_DATA: "data" })).toThrow(/STORE_DATA/);
  });

  it("answers a request through web with every hop, the store's count rising", async () => {
    const one = await get(web.port, "/chain");
    const two = await get(web.port, "/chain");
    expect(one.status).toBe(200);
    const body = one.body as { service: string; next: { service: string; next: { service: string; hits: number } } };
    expect(body.service).toBe("web");
    expect(body.next.service).toBe("api");
    expect(body.next.next.service).toBe("store");
    expect((two.body as typeof body).next.next.hits).toBe(body.next.next.hits + 1);
  });

  it("reports a broken hop as 502 with the reason", async () => {
    const broken = await startServer(settingsFrom({ HOST, PORT: "0", SERVICE_NAME: "api" }), {
      log: silentLogger,
      env: { CHAIN_NEXT: "store", STORE_HOST: HOST, STORE_PORT: String(store.port), STORE_PASSWORD: "wrong-password" },
    });
    const res = await get(broken.port, "/chain");
    await broken.close();
    expect(res.status).toBe(502);
    expect(JSON.stringify(res.body)).toMatch(/refused the password/);
  });
});

describe("the migrate role", () => {
  it("records a migration in the store it connects to, and fails on purpose when asked", async () => {
    const { migrate } = await import("../../app/src/migrate");
    const store = await startStore(storeSettingsFrom({ HOST, PORT: "0", STORE_PASSWORD: PASSWORD }), { log: silentLogger });
    const env = { STORE_HOST: HOST, STORE_PORT: String(store.port), STORE_PASSWORD: PASSWORD };
    const lines: string[] = [];
    expect(await migrate(env, (l) => lines.push(l))).toBe(0);
    expect(await migrate(env, (l) => lines.push(l))).toBe(0);
    expect(JSON.parse(lines[1]).migrations).toBe(2);
    expect(await migrate({ ...env, MIGRATE_FAIL: "1" }, (l) => lines.push(l))).toBe(1);
    expect(await migrate({ ...env, MIGRATE_FAIL: "0" }, (l) => lines.push(l))).toBe(0);
    await expect(migrate({ ...env, STORE_PASSWORD: "wrong-password" }, () => undefined)).rejects.toThrow(/refused the password/);
    await store.close();
  });
});
