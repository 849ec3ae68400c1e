/**
 * The migrate role: a job that runs to completion. It connects to the store named by
 * MIGRATE_STORE (default `store`) at the address its connection injected (`<NAME>_HOST`,
 * `<NAME>_PORT`, password `<NAME>_PASSWORD`), records one migration (`INCR migrations`) and exits
 * 0. MIGRATE_FAIL (any value but empty or 0) makes it fail on purpose (exit 1), to show a failing
 * job stopping a deploy.
 */
import { archOf } from "./runtime";
import { storeCall } from "./store";

export async function migrate(
  env: Readonly<Record<string, string | undefined>>,
  log: (line: string) => void = console.log,
): Promise<number> {
  if (env.MIGRATE_FAIL && env.MIGRATE_FAIL !== "0") {
    log(`migration failed on purpose (MIGRATE_FAIL=${env.MIGRATE_FAIL})`);
    return 1;
  }
  const prefix = (env.MIGRATE_STORE ?? "store").toUpperCase().replace(/-/g, "_");
  const target = { host: env[`${prefix}_HOST`] ?? "", port: Number(env[`${prefix}_PORT`]) };
  const [n] = await storeCall(target, env[`${prefix}_PASSWORD`] ?? "", ["INCR migrations"]);
  log(JSON.stringify({ event: "migrate.done", migrations: Number(n), arch: archOf(process.arch) }));
  return 0;
}

if (require.main === module) {
  migrate(process.env).then(
    (code) => process.exit(code),
    (err: Error) => {
      console.error(`migration failed: ${err.message}`);
      process.exit(1);
    },
  );
}
