/**
 * The sample system's roles in-process: the password-protected TCP store, and `/chain` through
 * web -> api -> store, each hop addressed by the env a connection injects.
 */
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
