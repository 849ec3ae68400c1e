/**
 * What every container of the local engine is made from, a replica's or a job's (plain values:
 * the dynamic providers run them in their own process): the image and its process, limits,
 * mounts, user, labels, and how the engine and the registry are reached.
 */
export interface ContainerProcessSpec {
  /** Container name (also the resource id). */
  name: string;
  /** Digest-pinned image reference. */
  image: string;
  /** `linux/amd64` or `linux/arm64`: the foreign one runs under QEMU. */
  platform: string;
  /** Environment variables (connections included). */
  env: Record<string, string>;
  /** Replaces the image's ENTRYPOINT. */
  entrypoint?: string[];
  /** Replaces the image's CMD. */
  args?: string[];
  /** CPU limit in cores (Docker `NanoCpus`). */
  cpu: number;
  /** Memory limit in MiB. */
  memoryMiB: number;
  /** Most processes the container may run. */
  pidsLimit: number;
  /** Linux capabilities kept (all others are dropped). */
  capAdd: string[];
  /** Mount the root filesystem read-only (with a small tmpfs at `/tmp`). */
  readOnlyRootFilesystem: boolean;
  /** Named volumes (persistent) and tmpfs mounts (scratch). */
  mounts?: {
    /** `volume`: a named Docker volume; `tmpfs`: memory-backed scratch. */
    type: "volume" | "tmpfs";
    /** The volume's name (`volume` only). */
    source?: string;
    /** Path in the container. */
    target: string;
    /** Size limit of a tmpfs mount in MiB; none: unlimited. */
    sizeMiB?: number;
  }[];
  /** Run as this numeric `uid[:gid]`; none: the image's user. */
  user?: string;
  /** Docker labels of the container. */
  labels: Record<string, string>;
  /** Registry credentials for the pull (secret). */
  registryAuth?: {
    /** Registry host. */
    serveraddress: string;
    /** Registry user name. */
    username: string;
    /** Its password. */
    password: string;
  };
  /**
   * The engine's socket.
   * @default "/var/run/docker.sock"
   */
  socketPath?: string;
}
