/**
 * LocalVolume: a Docker named volume for a persistent volume of the local target, as a Pulumi
 * dynamic resource. It outlives every container that mounts it; `pulumi destroy` leaves it in
 * place when the resource is registered with `retainOnDelete` (the default for persistent
 * volumes), so `docker volume rm <name>` is the way to really delete the data.
 */
import * as pulumi from "@pulumi/pulumi";
import { engine } from "./container";

/** What a volume is made from. */
export interface LocalVolumeSpec {
  /** The Docker volume name (also the resource id). */
  name: string;
  /** Docker labels of the volume (informational: a change keeps the volume). */
  labels: Record<string, string>;
  /**
   * The engine's socket.
   * @default "/var/run/docker.sock"
   */
  socketPath?: string;
}

/** The provider: create (or adopt) the named volume, read whether it is there, remove it. */
export const localVolumeProvider: pulumi.dynamic.ResourceProvider = {
  async diff(_id: string, olds: LocalVolumeSpec, news: LocalVolumeSpec) {
    const changed = olds.name !== news.name || JSON.stringify(olds.labels) !== JSON.stringify(news.labels);
    return { changes: changed, replaces: olds.name !== news.name ? ["name"] : [], deleteBeforeReplace: false };
  },
  async create(spec: LocalVolumeSpec) {
    // creating a volume that exists keeps it and its data: a volume kept by an earlier destroy is adopted
    await engine(spec).createVolume({ Name: spec.name, Labels: spec.labels });
    return { id: spec.name, outs: spec };
  },
  async update(_id: string, _olds: LocalVolumeSpec, news: LocalVolumeSpec) {
    return { outs: news }; // labels are informational; the volume and its data stay
  },
  async read(id: string, props: LocalVolumeSpec) {
    const found = await engine(props)
      .getVolume(props.name ?? id)
      .inspect()
      .catch((e: { statusCode?: number }) => {
        if (e.statusCode === 404) return undefined;
        throw e;
      });
    return found ? { id, props } : {};
  },
  async delete(id: string, props: LocalVolumeSpec) {
    await engine(props)
      .getVolume(props.name ?? id)
      .remove()
      .catch((e: { statusCode?: number }) => {
        if (e.statusCode !== 404) throw e;
      });
  },
};

/** Inputs: every field may be an Output. */
export type LocalVolumeArgs = { [K in keyof LocalVolumeSpec]: pulumi.Input<LocalVolumeSpec[K]> };

/**
 * A Docker named volume for a persistent volume of the local target (a dynamic resource). It
 * outlives the containers that mount it; creating one that exists adopts it and its data. Register
 * it with `retainOnDelete` (as {@link LocalTarget} does) to keep the data through `destroy`.
 *
 * @example
 * ```ts
 * import { LocalVolume } from "@crossarch/components/local";
 * const data = new LocalVolume("db-data", { name: "shop-db-data", labels: { app: "shop" } }, { retainOnDelete: true });
 * ```
 */
export class LocalVolume extends pulumi.dynamic.Resource {
  /** The Docker volume name. */
  declare readonly name: pulumi.Output<string>;

  constructor(name: string, args: LocalVolumeArgs, opts?: pulumi.CustomResourceOptions) {
    super(localVolumeProvider, name, args, opts, "crossarch", "LocalVolume");
  }
}
