/** Ready-to-run configs of the shipped stacks, with the secrets a user would set. */
import { createHash } from "node:crypto";
import { stackConfig } from "./stack-files";

/** The digest the test registry (OFFLINE.readImage) gives a reference. */
export const fakeDigest = (ref: string) => `sha256:${createHash("sha256").update(ref).digest("hex")}`;

/** Secrets the shipped stacks name (set with `pulumi config set --secret` by users). */
export const STACK_SECRETS: Record<string, Record<string, string>> = {
  dev: { "crossarch:ocirAuthToken": "ocir-auth-token", "crossarch:dbPassword": "db-password-dev" },
  prod: { "crossarch:ocirAuthToken": "ocir-auth-token", "crossarch:dbPassword": "db-password-prod" },
  local: { "crossarch:localRegistryPassword": "local-registry-password" },
};

/** The flat config of a shipped stack plus its secrets. */
export function runnableConfig(stack: string): Record<string, string> {
  return { ...stackConfig(stack), ...STACK_SECRETS[stack] };
}

/** Program options that keep tests off the network. */
export const OFFLINE = {
  lookupHost: async (host: string): Promise<string[]> => (host === "registry.crossarch.test" ? ["127.0.0.1"] : ["203.0.113.7"]),
  /** A machine where every piece of the local engine answers. */
  localProbes: {
    socketAnswers: async () => true,
    httpsStatus: async () => 401,
    readFile: (file: string) =>
      file.includes("binfmt_misc")
        ? "enabled\ninterpreter /usr/libexec/qemu-binfmt/aarch64-binfmt-P\n"
        : '{"Nodes":[{"Endpoint":"unix:///run/b.sock"}]}',
    freeBytes: () => 50 * 1024 ** 3,
    hostArch: "amd64" as const,
  },
  acrTokenExchange: async (server: string, aad: string) => `acr-refresh-for-${server}-${aad}`,
  /** A registry where every image has both platforms and a digest made from its reference. */
  readImage: async (ref: string) => ({
    digest: fakeDigest(ref),
    platforms: [
      { platform: "linux/amd64", digest: fakeDigest(`${ref}/amd64`) },
      { platform: "linux/arm64", digest: fakeDigest(`${ref}/arm64`) },
    ],
  }),
};
