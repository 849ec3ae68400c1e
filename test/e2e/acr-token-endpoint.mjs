// A loopback stand-in for ACR's token endpoint (POST /oauth2/exchange), for the cloud-stack e2e:
// the program's real exchange code posts here (CROSSARCH_ACR_EXCHANGE_URL). It checks the form
// as ACR would, answers a refresh token derived from it, and appends each request to a log file.
// Usage: node acr-token-endpoint.mjs <port file> <request log>
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";

const [portFile, logFile] = process.argv.slice(2);
const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (chunk) => (body += chunk));
  req.on("end", () => {
    const form = new URLSearchParams(body);
    const service = form.get("service") ?? "";
    const ok =
      req.method === "POST" &&
      req.url === "/oauth2/exchange" &&
      form.get("grant_type") === "access_token" &&
      /\.azurecr\.io$/.test(service) &&
      (form.get("access_token") ?? "") !== "";
    fs.appendFileSync(logFile, `${JSON.stringify({ service, ok })}\n`);
    res.writeHead(ok ? 200 : 400, { "content-type": "application/json" });
    const token = createHash("sha256")
      .update(`${service}|${form.get("access_token")}`)
      .digest("hex")
      .slice(0, 32);
    res.end(JSON.stringify(ok ? { refresh_token: `standin-acr-refresh-${token}` } : { error: "invalid_request" }));
  });
});
server.listen(0, "127.0.0.1", () => fs.writeFileSync(portFile, String(server.address().port)));
setTimeout(() => server.close(), 30 * 60 * 1000).unref(); // bounded: never outlives a test run
