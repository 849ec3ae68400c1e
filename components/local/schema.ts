/** The config of the local target (`crossarch:targets.<name>` with `kind: local`). */
import { z } from "zod";
import { arch, budget, passwordSecret, port, strict } from "../model/schema-parts";

export const localSchema = strict({
  /** `local`: this machine's Docker engine. */
  kind: z.literal("local"),
  /** The archs each service runs side by side (the foreign one under QEMU); default both. */
  arches: z.array(arch).min(1).default(["amd64", "arm64"]),
  /** The registry on this machine the target's images are pushed to and pulled from. */
  registry: strict({
    /** `local`, the only registry kind a local target takes. */
    kind: z.literal("local").default("local"),
    /** A loopback address, or a name that resolves to one (checked before anything is registered). */
    address: z
      .string()
      .regex(
        /^[a-z0-9.-]+:\d{1,5}$/,
        "must be host:port of a registry on this machine, e.g. 127.0.0.1:5000 or registry.crossarch.test:5443",
      )
      .default("127.0.0.1:5000"),
    /** The registry serves HTTPS with a certificate this machine trusts (needed by docker-build's Index). */
    tls: z.boolean().default(false),
    /** The user that pushes and pulls, when the registry requires a login. */
    username: z.string().min(1).optional(),
    /** Config key (in the `crossarch` namespace) holding the registry password, set with `--secret`. */
    passwordSecret: passwordSecret.optional(),
  }).default({ kind: "local", address: "127.0.0.1:5000", tls: false }),
  /** First loopback port of the services' replicas; default 18080. */
  basePort: port.default(18080),
  /** A capacity budget the target's services must fit. */
  budget: budget.optional(),
});

/** The local target's config, defaults filled in. */
export type LocalTargetConfig = z.output<typeof localSchema>;
