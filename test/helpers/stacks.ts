/** Ready-to-run configs of the shipped stacks, with the secrets a user would set. */
import { stackConfig } from "./stack-files";

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
  readPlatforms: async (ref: string): Promise<string[]> => {
    throw new TypeError(`test tried to read ${ref} from a registry`);
  },
};
