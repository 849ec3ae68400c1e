/**
 * Entry point of every stand-in plugin: `node standin.js <package> [engine address] [flags]`.
 * The launcher `pulumi-resource-<package>` that the bootstrap installs passes the package.
 */
import { STAND_INS } from "./packages";
import { StandInProvider } from "./provider";
import { serve } from "./server";

const [name, version] = [process.argv[2], process.env.CROSSARCH_STANDIN_VERSION ?? ""];
const pkg = STAND_INS[name];
if (!pkg || version === "") {
  process.stderr.write(
    `usage: CROSSARCH_STANDIN_VERSION=<version> node standin.js <${Object.keys(STAND_INS).join("|")}> [engine address]\n`,
  );
  process.exit(2);
}
void serve(new StandInProvider(pkg, version));
