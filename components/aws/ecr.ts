/**
 * ECR: one repository per image with scan on push, immutable tags (except the build-cache
 * tags `cache-*`, which are rewritten by every build) and a lifecycle policy.
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import { repositoryOf, secretLogin, type ImageRegistry, type RegistryLogin } from "../image/login";

/** The inputs of {@link EcrRegistry}. */
export interface EcrRegistryArgs {
  /** Repository path prefix, e.g. the app name: repositories are `<namespace>/<image>`. */
  namespace: string;
  /** The images to create repositories for. */
  images: string[];
  /** Tags for every repository (the standard tags). */
  tags: Record<string, string>;
  /**
   * How many image indexes (`sha-*` tags) to keep per repository; older ones expire.
   * @default 20
   */
  keepIndexes?: number;
  /**
   * Delete repositories that still hold images on `destroy`. Off so images are not lost by accident.
   * @default false
   */
  forceDelete?: boolean;
}

/** The lifecycle policy document: keep the newest `keep` indexes, never touch untagged manifests. */
export function ecrLifecyclePolicy(keep: number): string {
  // Per-arch manifests are pushed by digest (untagged) and referenced by the indexes. ECR's lifecycle
  // rules cannot see those references, so an "expire untagged" rule would break live indexes.
  return JSON.stringify({
    rules: [
      {
        rulePriority: 1,
        description: `keep the newest ${keep} crossarch image indexes`,
        selection: { tagStatus: "tagged", tagPrefixList: ["sha-"], countType: "imageCountMoreThan", countNumber: keep },
        action: { type: "expire" },
      },
    ],
  });
}

/**
 * ECR repositories, one per image, with scan on push, immutable tags and a lifecycle policy.
 *
 * @example
 * ```ts
 * import { EcrRegistry } from "@crossarch/components/aws";
 * const ecr = new EcrRegistry("ecr", { namespace: "shop", images: ["api", "worker"], tags });
 * ```
 */
export class EcrRegistry extends pulumi.ComponentResource implements ImageRegistry {
  readonly kind = "ecr" as const;
  readonly insecure = false;
  readonly server: pulumi.Output<string>;
  readonly login: pulumi.Output<RegistryLogin>;
  /** Per image name: its repository (`<namespace>/<image>`). */
  readonly repositories: Record<string, aws.ecr.Repository> = {};

  constructor(name: string, args: EcrRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
    super("crossarch:registry:EcrRegistry", name, {}, opts);
    const keep = args.keepIndexes ?? 20;
    if (!Number.isInteger(keep) || keep < 1) {
      throw new pulumi.InputPropertyError({ propertyPath: "keepIndexes", reason: `${keep}: keep at least 1 index (a whole number)` });
    }
    for (const image of args.images) {
      const repo = new aws.ecr.Repository(
        `${name}-${image}`,
        {
          name: `${args.namespace}/${image}`,
          imageScanningConfiguration: { scanOnPush: true },
          imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
          imageTagMutabilityExclusionFilters: [{ filter: "cache-*", filterType: "WILDCARD" }],
          encryptionConfigurations: [{ encryptionType: "AES256" }],
          forceDelete: args.forceDelete ?? false,
          tags: args.tags,
        },
        { parent: this },
      );
      new aws.ecr.LifecyclePolicy(`${name}-${image}`, { repository: repo.name, policy: ecrLifecyclePolicy(keep) }, { parent: this });
      this.repositories[image] = repo;
    }
    const first = Object.values(this.repositories)[0];
    const token = aws.ecr.getAuthorizationTokenOutput(first ? { registryId: first.registryId } : {}, { parent: this });
    this.server = token.proxyEndpoint.apply((e) => e.replace(/^https:\/\//, ""));
    this.login = secretLogin(this.server, token.userName, token.password);
    this.registerOutputs({ server: this.server });
  }

  repositoryFor(image: string): pulumi.Output<string> {
    const repo = repositoryOf(this.repositories, image);
    return repo.repositoryUrl;
  }

  cacheRepositoryFor(image: string): pulumi.Output<string> {
    return this.repositoryFor(image); // cache-* tags are excluded from immutability
  }
}
