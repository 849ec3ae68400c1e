/**
 * What the compose import knows about compose keys: which it maps, which the system cannot do
 * without (dropping them is an error unless --allow-partial), which are cosmetic or managed by
 * every target; which names and ports suggest secrets and non-HTTP protocols.
 */

/** Names that suggest secrets: the one rule, shared with the stack config's warnings and the policy pack. */
export { looksSecret } from "@crossarch/components/model";
/** Ports whose protocol is not HTTP, by the services that usually listen there. */
export const TCP_PORTS = new Set([5432, 3306, 6379, 6380, 26379, 27017, 11211, 9042, 5672, 9092, 2181, 1433, 1521, 4222, 7687, 9000, 8123]);

/** Keys the importer maps, or the loader consumed (so they are no longer the user's to lose). */
export const HANDLED = new Set([
  "name", "image", "build", "platform", "ports", "expose", "depends_on", "healthcheck", "volumes", "tmpfs", "deploy",
  "entrypoint", "command", "user", "read_only", "environment", "env_file", "extends", "profiles", "pull_policy",
]); // prettier-ignore

/** Keys the system cannot do without; everything else dropped is cosmetic or platform-managed. */
export const ESSENTIAL: Record<string, string> = {
  privileged: "no target runs privileged containers",
  network_mode: "every target gives each service its own network namespace; services reach each other through connects",
  cap_add: "targets run with their default capabilities; added capabilities are not granted",
  devices: "no target passes host devices through",
  working_dir: "crossarch has no working-directory setting: set WORKDIR in the image",
  secrets: "compose file secrets are not mounted: pass each as an env value { secret: <key> }",
  configs: "compose configs are not mounted: bake the file into the image or pass it as env",
  pid: "no target shares the host's or another container's PID namespace",
  ipc: "no target shares IPC namespaces",
  security_opt: "security options are set by each target, not per service",
  sysctls: "no target takes per-container sysctls",
  ulimits: "no target takes per-container ulimits",
  extra_hosts: "no target takes extra /etc/hosts entries: reach services through connects",
  gpus: "no crossarch target has GPUs",
  volumes_from: "volumes are per service; declare the volume on each",
};

export const NOTE_ONLY: Record<string, string> = {
  container_name: "each target names containers itself",
  hostname: "each target sets the host name",
  labels: "crossarch sets its own labels and tags",
  logging: "each target sends logs to its own log service",
  restart: "every target restarts failed services (a job's failures are retried by its retries)",
  stop_grace_period: "the arch profile's shutdownGraceSeconds sets the grace",
  stop_signal: "targets stop containers with SIGTERM",
  networks: "services reach each other through connects, on every target",
  links: "connects replaces links",
  init: "the image's entrypoint runs as PID 1",
  cap_drop: "not applied: check each target's defaults",
  tty: "no terminal on any target",
  stdin_open: "no stdin on any target",
  domainname: "each target sets the domain",
  mem_reservation: "crossarch sizes by limits",
  oom_score_adj: "not settable per service",
};
