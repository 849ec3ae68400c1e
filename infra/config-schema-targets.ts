/** The schema of each target kind (`crossarch:targets`): Container Apps, Fargate, OCI, local. */
import { z } from "zod";
import { OCI_SHAPES } from "@crossarch/components/model";
import { AWS_REGIONS, arch, cidr, cpu, memory, port, strict } from "./config-schema-parts";
import { nearest } from "./near";

export const budget = strict({ cpu, memory });

export const registryLogin = {
  /** Config key (in the `crossarch` namespace) holding the registry password, set with `--secret`. */
  passwordSecret: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_-]*$/, "must be a config key name")
    .optional(),
};

export const aca = strict({
  kind: z.literal("aca"),
  location: z.string().min(1),
  resourceGroup: z.string().min(1).optional(),
  registry: strict({
    kind: z.literal("acr").default("acr"),
    name: z
      .string()
      .regex(/^[a-zA-Z0-9]{5,50}$/, "must be 5-50 letters or digits")
      .optional(),
  }).default({ kind: "acr" }),
  logRetentionDays: z.number().int().min(30).max(730).default(30),
  budget: budget.optional(),
});

export const fargate = strict({
  kind: z.literal("fargate"),
  /** An AWS region, one of the list the provider SDK ships (@pulumi/aws's Region enum). */
  region: z.string().superRefine((r, ctx) => {
    if (AWS_REGIONS.includes(r)) return;
    const near = nearest(r, AWS_REGIONS);
    ctx.addIssue({
      code: "custom",
      message: `is not an AWS region${near ? `; did you mean ${near}?` : ""} (the regions @pulumi/aws knows: ${AWS_REGIONS.length}, e.g. us-east-1, eu-west-1)`,
      input: r,
    });
  }),
  arch: arch.default("arm64"),
  /** Block of the VPC crossarch creates (two public and two private subnets). */
  vpcCidr: cidr(16, 24).default("10.0.0.0/16"),
  /** Use an existing VPC instead: the ALB goes in the public subnets, tasks in the private ones. */
  existingNetwork: strict({
    vpcId: z.string().regex(/^vpc-[0-9a-f]+$/, "must be a VPC id (vpc-...)"),
    vpcCidr: cidr(16, 28),
    publicSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, "must be a subnet id (subnet-...)")).min(2),
    privateSubnetIds: z.array(z.string().regex(/^subnet-[0-9a-f]+$/, "must be a subnet id (subnet-...)")).min(2),
  }).optional(),
  /** ACM certificate for HTTPS listeners; without it public services are served over HTTP. */
  certificateArn: z
    .string()
    .regex(/^arn:aws[\w-]*:acm:/, "must be an ACM certificate ARN")
    .optional(),
  logRetentionDays: z.number().int().min(1).max(3653).default(30),
  registry: strict({ kind: z.literal("ecr").default("ecr") }).default({ kind: "ecr" }),
  budget: budget.optional(),
});

export const oci = strict({
  kind: z.literal("oci"),
  region: z.string().regex(/^[a-z]{2}-[a-z]+-\d$/, "must be an OCI region such as eu-frankfurt-1"),
  compartmentId: z.string().regex(/^ocid1\.(compartment|tenancy)\./, "must be a compartment or tenancy OCID (ocid1.compartment....)"),
  availabilityDomain: z.string().min(1),
  shape: z.enum(Object.keys(OCI_SHAPES) as [string, ...string[]]).default("CI.Standard.A1.Flex"),
  /** OCPUs of the instance; the shape's range is checked with the model (CI.Standard.A1.Flex: 1-76). */
  ocpus: z.number({ error: "must be a number of OCPUs, e.g. 4" }),
  memory,
  subnetId: z
    .string()
    .regex(/^ocid1\.subnet\./, "must be a subnet OCID")
    .optional(),
  /** Block of the VCN crossarch creates when no subnetId is given. */
  vcnCidr: cidr(16, 24).default("10.1.0.0/16"),
  assignPublicIp: z.boolean().default(false),
  registry: strict({
    kind: z.literal("ocir").default("ocir"),
    /** The tenancy's Object Storage namespace. */
    namespace: z.string().min(1),
    /** The user that pushes (an OCI IAM user with an auth token). */
    username: z.string().min(1),
    /** Config key holding the user's auth token, set with --secret. */
    passwordSecret: registryLogin.passwordSecret.unwrap(),
  }),
  budget: budget.optional(),
});

export const local = strict({
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
    ...registryLogin,
  }).default({ kind: "local", address: "127.0.0.1:5000", tls: false }),
  basePort: port.default(18080),
  budget: budget.optional(),
});

export const target = z.discriminatedUnion("kind", [aca, fargate, oci, local], {
  error: (iss) =>
    iss.code === "invalid_union"
      ? `kind must be one of "aca", "fargate", "oci", "local"; given ${JSON.stringify((iss.input as { kind?: unknown } | undefined)?.kind ?? null)}`
      : undefined,
});
