/** The config of the local target (`crossarch:targets.<name>` with `kind: local`). */
import { z } from "zod";
import { arch, budget, passwordSecret, port, strict } from "../model/schema-parts";

export const localSchema = strict({
  kind: z.literal("local"),
  arches: z.array(arch).min(1).default(["amd64", "arm64"]),
  registry: strict({
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
    username: z.string().min(1).optional(),
    /** Config key (in the `crossarch` namespace) holding the registry password, set with `--secret`. */
    passwordSecret: passwordSecret.optional(),
  }).default({ kind: "local", address: "127.0.0.1:5000", tls: false }),
  basePort: port.default(18080),
  budget: budget.optional(),
});

/** The local target's config, defaults filled in. */
export type LocalTargetConfig = z.output<typeof localSchema>;
