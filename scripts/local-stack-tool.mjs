// Helpers of recover-local.sh and destroy-local.sh that are easier in Node than in shell.
//   node local-stack-tool.mjs drop-pending <export.json>        drop pending operations from a state export, in place
//   node local-stack-tool.mjs state-names <export.json>         container names the state holds, one per line
//   node local-stack-tool.mjs registry-clean <repo>... [--all]  delete the repos' indexes (and their per-arch
//                                                               manifests) and, with --all, the cache-* tags too
// Registry credentials come from CROSSARCH_REGISTRY, CROSSARCH_REGISTRY_USER and the 0600 file
// CROSSARCH_REGISTRY_PASSWORD_FILE; every request is bounded to 10 s.
import * as fs from "node:fs";

const [command, ...args] = process.argv.slice(2);
const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8"));

if (command === "drop-pending") {
  const state = readJson(args[0]);
  const pending = state.deployment?.pending_operations ?? [];
  delete state.deployment.pending_operations;
  fs.writeFileSync(args[0], JSON.stringify(state));
  console.log(`dropped ${pending.length} pending operation(s)${pending.map((p) => `\n  ${p.type} ${p.resource?.urn}`).join("")}`);
} else if (command === "state-names") {
  const resources = readJson(args[0]).deployment?.resources ?? [];
  for (const r of resources)
    if (r.type.startsWith("pulumi-nodejs:dynamic") && typeof r.outputs?.name === "string") console.log(r.outputs.name);
} else if (command === "registry-clean") {
  const all = args.includes("--all");
  const repos = args.filter((a) => a !== "--all");
  const registry = process.env.CROSSARCH_REGISTRY;
  const auth = Buffer.from(
    `${process.env.CROSSARCH_REGISTRY_USER}:${fs.readFileSync(process.env.CROSSARCH_REGISTRY_PASSWORD_FILE, "utf8").trim()}`,
  ).toString("base64");
  const ACCEPT = [
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.docker.distribution.manifest.v2+json",
  ].join(", ");
  const call = (method, path) =>
    fetch(`https://${registry}/v2/${path}`, {
      method,
      headers: { authorization: `Basic ${auth}`, accept: ACCEPT },
      signal: AbortSignal.timeout(10_000),
    });
  for (const repo of repos) {
    const list = await call("GET", `${repo}/tags/list`);
    const tags = list.status === 200 ? ((await list.json()).tags ?? []) : [];
    const doomed = tags.filter((t) => all || !t.startsWith("cache-"));
    const digests = new Set();
    for (const tag of doomed) {
      const res = await call("GET", `${repo}/manifests/${tag}`);
      if (res.status !== 200) continue;
      const body = await res.json();
      for (const child of body.manifests ?? []) digests.add(child.digest);
      digests.add(res.headers.get("docker-content-digest"));
    }
    let deleted = 0;
    for (const digest of digests) if ((await call("DELETE", `${repo}/manifests/${digest}`)).status === 202) deleted++;
    const kept = tags.length - doomed.length;
    console.log(
      `${repo}: deleted ${deleted} manifest(s) of ${doomed.length} tag(s)${kept ? `; kept ${kept} cache-* tag(s) (the build cache; --all removes them)` : ""}`,
    );
  }
} else {
  console.error("usage: node local-stack-tool.mjs drop-pending|state-names|registry-clean ...");
  process.exit(2);
}
