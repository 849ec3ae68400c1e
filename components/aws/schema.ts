/** The config of one Fargate target (`crossarch:targets.<name>` with `kind: fargate`). */
import { z } from "zod";
import { nearestWord } from "../model/near";
import { arch, budget, cidr, strict } from "../model/schema-parts";

let regions: readonly string[] | undefined;
/**
 * Every region the AWS provider SDK knows (its Region enum), read when a Fargate target is
 * checked, so the neutral model loads nothing of the SDK.
 */
export function awsRegions(): readonly string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  regions ??= Object.values((require("@pulumi/aws/types/enums") as { Region: Record<string, string> }).Region);
  return regions;
}

export const fargateSchema = strict({
  /** `fargate`: ECS on Fargate. */
  kind: z.literal("fargate"),
  /** An AWS region, one of the list the provider SDK ships (@pulumi/aws's Region enum). */
  region: z.string().superRefine((r, ctx) => {
    const known = awsRegions();
    if (known.includes(r)) return;
    const near = nearestWord(r, known);
    ctx.addIssue({
      code: "custom",
      message: `is not an AWS region${near ? `; did you mean ${near}?` : ""} (the regions @pulumi/aws knows: ${known.length}, e.g. us-east-1, eu-west-1)`,
      input: r,
    });
  }),
  /** The arch of every task on the target; default `arm64` (Graviton). */
  arch: arch.default("arm64"),
  /** Block of the VPC crossarch creates (two public and two private subnets). */
  vpcCidr: cidr(16, 24).default("10.0.0.0/16"),
  /** Use an existing VPC instead: the ALB goes in the public subnets, tasks in the private ones. */
  existingNetwork: strict({
    /** The VPC's id (`vpc-...`). */
    vpcId: z.string().regex(/^vpc-[0-9a-f]+$/, "must be a VPC id (vpc-...)"),
    /** The VPC's CIDR block (a load balancer sends only into it). */
    vpcCidr: cidr(16, 28),
    /** At least two public subnets, for the load balancer. */
    publicSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, "must be a subnet id (subnet-...)")).min(2),
    /** At least two private subnets, for the tasks (they need a route out to pull images). */
    privateSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, "must be a subnet id (subnet-...)")).min(2),
  }).optional(),
  /** ACM certificate for HTTPS listeners; without it public services are served over HTTP. */
  certificateArn: z
    .string()
    .regex(/^arn:aws[\w-]*:acm:/, "must be an ACM certificate ARN")
    .optional(),
  /** Days CloudWatch keeps each service's logs; default 30. */
  logRetentionDays: z.number().int().min(1).max(3653).default(30),
  /** The registry the target's images are pushed to: ECR. */
  registry: strict({
    /** `ecr`, the only registry kind a Fargate target takes. */
    kind: z.literal("ecr").default("ecr"),
  }).default({ kind: "ecr" }),
  /** A capacity budget the target's services must fit. */
  budget: budget.optional(),
});

/** One Fargate target's config, defaults filled in. */
export type FargateTargetConfig = z.output<typeof fargateSchema>;
