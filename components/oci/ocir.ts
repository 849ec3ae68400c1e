/**
 * OCIR: immutable private repositories per image (plus a mutable one for the build cache),
 * the registry host from the region, and a login whose auth token stays secret.
 */
import * as oci from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { repositoryOf, secretLogin, type ImageRegistry, type RegistryLogin } from "../image/login";

/** OCI region identifier -> the region key OCIR hosts use (`fra.ocir.io`). */
export const OCIR_REGION_KEYS: Readonly<Record<string, string>> = {
  "us-ashburn-1": "iad",
  "us-phoenix-1": "phx",
  "us-sanjose-1": "sjc",
  "us-chicago-1": "ord",
  "ca-toronto-1": "yyz",
  "ca-montreal-1": "yul",
  "eu-frankfurt-1": "fra",
  "eu-amsterdam-1": "ams",
  "eu-zurich-1": "zrh",
  "eu-paris-1": "cdg",
  "eu-madrid-1": "mad",
  "eu-milan-1": "lin",
  "eu-stockholm-1": "arn",
  "eu-marseille-1": "mrs",
  "uk-london-1": "lhr",
  "uk-cardiff-1": "cwl",
  "ap-tokyo-1": "nrt",
  "ap-osaka-1": "kix",
  "ap-seoul-1": "icn",
  "ap-singapore-1": "sin",
  "ap-sydney-1": "syd",
  "ap-melbourne-1": "mel",
  "ap-mumbai-1": "bom",
  "ap-hyderabad-1": "hyd",
  "sa-saopaulo-1": "gru",
  "me-jeddah-1": "jed",
  "me-dubai-1": "dxb",
  "af-johannesburg-1": "jnb",
};

/** The OCIR host of a region: `<key>.ocir.io`, or the `ocir.<region>.oci.oraclecloud.com` form for regions without a known key. */
export function ocirHost(region: string): string {
  const key = OCIR_REGION_KEYS[region];
  return key ? `${key}.ocir.io` : `ocir.${region}.oci.oraclecloud.com`;
}

/** The inputs of {@link OcirRegistry}. */
export interface OcirRegistryArgs {
  /** OCID of the compartment the repositories go in. */
  compartmentId: pulumi.Input<string>;
  /** Region identifier, e.g. `eu-frankfurt-1`. */
  region: string;
  /** The tenancy's Object Storage namespace. */
  tenancyNamespace: string;
  /** Repository path prefix, e.g. the app name. */
  namespace: string;
  /** The images to create repositories for. */
  images: string[];
  /** The user that pushes (`<tenancyNamespace>/` is prepended). */
  username: pulumi.Input<string>;
  /** The user's auth token (made secret here). */
  authToken: pulumi.Input<string>;
  /** OCI freeform tags (the standard tags). */
  freeformTags: Record<string, string>;
}

/**
 * OCIR repositories (immutable, plus a mutable one per image for the build cache) and a login
 * whose auth token stays secret.
 *
 * @example
 * ```ts
 * import { OcirRegistry } from "@crossarch/components/oci";
 * const ocir = new OcirRegistry("ocir", { compartmentId, region: "eu-frankfurt-1", tenancyNamespace: "axabc123", namespace: "shop",
 *   images: ["api"], username: "ci-user", authToken: config.requireSecret("ocirAuthToken"), freeformTags: tags });
 * ```
 */
export class OcirRegistry extends pulumi.ComponentResource implements ImageRegistry {
  readonly kind = "ocir" as const;
  readonly insecure = false;
  readonly server: pulumi.Output<string>;
  readonly login: pulumi.Output<RegistryLogin>;
  /** Per image name: its immutable repository (`<namespace>/<image>`). */
  readonly repositories: Record<string, oci.artifacts.ContainerRepository> = {};
  /** Per image name: its mutable build-cache repository (`<namespace>/<image>-cache`). */
  readonly cacheRepositories: Record<string, oci.artifacts.ContainerRepository> = {};
  private readonly prefix: string;

  constructor(name: string, args: OcirRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("crossarch:registry:OcirRegistry", name, {}, opts);
    const host = ocirHost(args.region);
    this.prefix = `${host}/${args.tenancyNamespace}`;
    for (const image of args.images) {
      const common = { compartmentId: args.compartmentId, isPublic: false, freeformTags: args.freeformTags };
      this.repositories[image] = new oci.artifacts.ContainerRepository(
        `${name}-${image}`,
        { ...common, displayName: `${args.namespace}/${image}`, isImmutable: true },
        { parent: this },
      );
      this.cacheRepositories[image] = new oci.artifacts.ContainerRepository(
        `${name}-${image}-cache`,
        { ...common, displayName: `${args.namespace}/${image}-cache`, isImmutable: false },
        { parent: this },
      );
    }
    this.server = pulumi.output(host);
    this.login = secretLogin(host, pulumi.interpolate`${args.tenancyNamespace}/${args.username}`, args.authToken);
    this.registerOutputs({ server: this.server });
  }

  repositoryFor(image: string): pulumi.Output<string> {
    return this.pathOf(this.repositories, image);
  }

  cacheRepositoryFor(image: string): pulumi.Output<string> {
    return this.pathOf(this.cacheRepositories, image);
  }

  private pathOf(repos: Record<string, oci.artifacts.ContainerRepository>, image: string): pulumi.Output<string> {
    const repo = repositoryOf(repos, image);
    return pulumi.interpolate`${this.prefix}/${repo.displayName}`;
  }
}
