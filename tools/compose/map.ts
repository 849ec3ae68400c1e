/**
 * A loaded compose project as a crossarch stack config: every compose key either maps to a
 * crossarch key or is listed as dropped (service, key, why; essential or not). Nothing is
 * dropped silently, and no secret value is written: env values that look like secrets or come
 * from env files become `{ secret: <key> }`, with the keys to set listed.
 */
import type { LoadedCompose } from "./load";
import { kindOf } from "@crossarch/components/model";
import type { ImportKind } from "./sizes";
import { crossarchName } from "./names";
import { scanProject, type Mapping } from "./map-project";
import {
  mapAddresses,
  mapConnects,
  mapDropped,
  mapHealthOf,
  mapImage,
  mapJob,
  mapPorts,
  mapProcess,
  mapSize,
  mapVolumes,
} from "./map-service";
import { mapEnv } from "./map-env";

export { crossarchName } from "./names";

export interface ImportOptions {
  stack: string;
  /** What the services run on: one target of this kind. */
  kind: ImportKind;
  /** Where Pulumi.yaml is: build contexts must lie inside it. */
  projectRoot: string;
  app?: string;
  location?: string;
  region?: string;
  basePort?: number;
  hostCpus?: number;
}

/** A compose key that has no crossarch equivalent on the chosen target. */
export interface Dropped {
  service: string;
  key: string;
  why: string;
  /** The system would not behave the same without it. */
  essential: boolean;
}

/** A secret to set before `up`: its config key, and where its value came from. */
export interface SecretToSet {
  key: string;
  /** `web.environment.DATABASE_URL` */
  usedBy: string[];
  /** What compose had: the variable or the literal kind, never the value. */
  from: string;
}

export interface ImportResult {
  /** The `crossarch:*` namespace, keys without the prefix. */
  config: Record<string, unknown>;
  dropped: Dropped[];
  /** Roundings and guesses, said so the user can check them. */
  notes: string[];
  secrets: SecretToSet[];
}

/** A loaded compose project as the `crossarch:*` config, with what it dropped, guessed and needs set. */
export function mapCompose(loaded: LoadedCompose, options: ImportOptions): ImportResult {
  const m = scanProject(loaded, options);
  const services = m.composeNames.map((c) => mapService(m, c));
  return { config: stackConfig(m, services), dropped: m.dropped, notes: m.notes, secrets: [...m.secrets.values()] };
}

/** One compose service as a crossarch service, key by key (in the order the stack file shows them). */
function mapService(m: Mapping, c: string): Record<string, unknown> {
  const svc = m.loaded.project.services[c];
  const name = crossarchName(c);
  if (name !== c) m.notes.push(`${c}: named ${name} (crossarch names are lowercase letters, digits and '-')`);
  const out: Record<string, unknown> = { name, image: name };
  mapImage(m, c, svc, name, out);
  mapAddresses(m, c);
  const main = mapPorts(m, c, svc, out);
  const connects = mapConnects(m, c, svc, out);
  const before = mapJob(m, c, out);
  mapHealthOf(m, c, svc, out, before, main);
  mapVolumes(m, c, svc, out);
  mapSize(m, c, svc, out, before);
  mapProcess(m, c, svc, out);
  mapEnv(m, c, svc, name, out, connects);
  mapDropped(m, c, svc);
  return out;
}

/** The `crossarch:*` namespace: the app, the kind's stack keys, the images, its one target, the services. */
function stackConfig(m: Mapping, services: Record<string, unknown>[]): Record<string, unknown> {
  const { loaded, options, images } = m;
  const importer = kindOf(options.kind).importer;
  const target = importer?.target({
    ...(options.basePort !== undefined && { basePort: options.basePort }),
    ...(options.location !== undefined && { location: options.location }),
    ...(options.region !== undefined && { region: options.region }),
  });
  const targets = target ? { [target.name]: target.config } : {};
  return {
    app: options.app ?? crossarchName(loaded.project.name || options.stack),
    ...importer?.stackKeys,
    images,
    targets,
    services,
  };
}
