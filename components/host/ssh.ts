/**
 * A host's Docker engine over SSH, with its host key pinned: the connection the `host` kind will
 * deploy through (issue 27). dockerode's SSH transport (ssh2, already a dependency of it) runs
 * `docker system dial-stdio` on the machine; the private key is passed in memory, never on a
 * command line or to a file, and a host key other than the pinned one ends the handshake before
 * anything is sent. `readMachine` reads what the plan needs before any change: the machine's
 * arch, cores and memory, and its Docker version.
 */
import Docker from "dockerode";
import { archOfNode, type Arch } from "../model/arch";

/** How to reach a machine over SSH. */
export interface SshLogin {
  /** Its address or host name. */
  address: string;
  /**
   * SSH port.
   * @default 22
   */
  port?: number;
  /** The user to log in as (in the `docker` group, or root). */
  user: string;
  /** The private key (OpenSSH or PEM text); keep it a Pulumi secret. */
  privateKey: string;
  /** The machine's host key as `known_hosts` and `ssh-keyscan` print it: `ssh-ed25519 AAAA...`. */
  hostKey: string;
}

/** A host key given as `<type> <base64>`: its type and its wire-format blob; undefined when it is not one. */
export function parseHostKey(text: string): { type: string; blob: Buffer } | undefined {
  const m = /^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp(?:256|384|521)) ([A-Za-z0-9+/]+={0,2})(?: .*)?$/.exec(text.trim());
  if (!m) return undefined;
  const blob = Buffer.from(m[2], "base64");
  // the blob starts with its own type, length-prefixed: a key pasted under another type is not one
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : -1;
  return length > 0 && blob.subarray(4, 4 + length).toString("latin1") === m[1] ? { type: m[1], blob } : undefined;
}

/** A key blob as `known_hosts` writes it: `<type> <base64>`. */
export function formatHostKey(blob: Buffer): string {
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  return `${blob.subarray(4, 4 + length).toString("latin1")} ${blob.toString("base64")}`;
}

/**
 * A machine presented a host key other than the pinned one.
 *
 * @example
 * ```ts
 * try {
 *   await readMachine({ address: "203.0.113.10", user: "ubuntu", privateKey, hostKey: "ssh-ed25519 AAAA..." });
 * } catch (e) {
 *   if (e instanceof HostKeyMismatchError) console.error(`pin ${e.presented} only after checking it`);
 * }
 * ```
 */
export class HostKeyMismatchError extends Error {
  constructor(
    readonly address: string,
    readonly presented: string,
  ) {
    super(
      `${address} presented the host key ${presented}, not the pinned one: nothing was sent. If the machine was rebuilt, check the key out of band (on its console: ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub) and pin it as ssh.hostKey`,
    );
    this.name = "HostKeyMismatchError";
  }
}

/** The machine's Docker engine over SSH, refusing any host key but the pinned one. */
export function sshDocker(login: SshLogin): { docker: Docker; presented(): string | undefined } {
  const pinned = parseHostKey(login.hostKey);
  if (!pinned)
    throw new TypeError(`ssh.hostKey ${JSON.stringify(login.hostKey.slice(0, 40))} is not a host key such as "ssh-ed25519 AAAA..."`);
  let presented: string | undefined;
  const docker = new Docker({
    protocol: "ssh",
    host: login.address,
    port: login.port ?? 22,
    username: login.user,
    sshOptions: {
      privateKey: login.privateKey,
      readyTimeout: 10_000,
      hostVerifier: (key: Buffer) => {
        presented = formatHostKey(key);
        return key.equals(pinned.blob);
      },
    },
  } as Docker.DockerOptions);
  return { docker, presented: () => presented };
}

/** What a machine offers, read before any change. */
export interface MachineFacts {
  /** Its CPU architecture, from the engine. */
  arch: Arch | undefined;
  /** What the engine reports as the machine's own name for it (`x86_64`, `aarch64`). */
  machineArch: string;
  cpus: number;
  memoryMiB: number;
  dockerVersion: string;
}

/** The engine's names for archs (`docker info` reports `x86_64`, `aarch64`), as Node's. */
const ENGINE_ARCH: Record<string, string> = { x86_64: "x64", amd64: "x64", aarch64: "arm64", arm64: "arm64" };

/**
 * Read a machine's arch, cores, memory and Docker version over SSH with its pinned host key;
 * a different host key is a {@link HostKeyMismatchError} naming the key it presented.
 */
export async function readMachine(login: SshLogin): Promise<MachineFacts> {
  const { docker, presented } = sshDocker(login);
  try {
    const info = (await docker.info()) as { Architecture: string; NCPU: number; MemTotal: number; ServerVersion: string };
    return {
      arch: archOfNode(ENGINE_ARCH[info.Architecture] ?? info.Architecture),
      machineArch: info.Architecture,
      cpus: info.NCPU,
      memoryMiB: Math.floor(info.MemTotal / 1024 / 1024),
      dockerVersion: info.ServerVersion,
    };
  } catch (e) {
    const key = presented();
    if (key !== undefined && /verification failed|Handshake failed/i.test((e as Error).message))
      throw new HostKeyMismatchError(login.address, key);
    throw e;
  }
}
