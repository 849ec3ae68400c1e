/** The config of one OCI Container Instance target (`crossarch:targets.<name>` with `kind: oci`). */
import { z } from "zod";
import { budget, cidr, memory, passwordSecret, strict } from "../model/schema-parts";
import { OCI_SHAPES } from "./sizing";

export const ociSchema = strict({
  /** `oci`: OCI Container Instances. */
  kind: z.literal("oci"),
  /** OCI region, e.g. `eu-frankfurt-1`. */
  region: z.string().regex(/^[a-z]{2}-[a-z]+-\d$/, "must be an OCI region such as eu-frankfurt-1"),
  /** The compartment (or tenancy) OCID every resource goes in. */
  compartmentId: z.string().regex(/^ocid1\.(compartment|tenancy)\./, "must be a compartment or tenancy OCID (ocid1.compartment....)"),
  /** The availability domain of the instance, e.g. `Uocm:EU-FRANKFURT-1-AD-1`. */
  availabilityDomain: z.string().min(1),
  /** The container instance shape; default `CI.Standard.A1.Flex` (Ampere, arm64). */
  shape: z.enum(Object.keys(OCI_SHAPES) as [string, ...string[]]).default("CI.Standard.A1.Flex"),
  /** OCPUs of the instance; the shape's range is checked with the model (CI.Standard.A1.Flex: 1-76). */
  ocpus: z.number({ error: "must be a number of OCPUs, e.g. 4" }),
  memory,
  /** An existing subnet to place the instance in instead of creating a VCN. */
  subnetId: z
    .string()
    .regex(/^ocid1\.subnet\./, "must be a subnet OCID")
    .optional(),
  /** Block of the VCN crossarch creates when no subnetId is given. */
  vcnCidr: cidr(16, 24).default("10.1.0.0/16"),
  /** Give the instance a public IP (needed for public services); default false. */
  assignPublicIp: z.boolean().default(false),
  /** The OCIR the target's images are pushed to and pulled from. */
  registry: strict({
    /** `ocir`, the only registry kind an OCI target takes. */
    kind: z.literal("ocir").default("ocir"),
    /** The tenancy's Object Storage namespace. */
    namespace: z.string().min(1),
    /** The user that pushes (an OCI IAM user with an auth token). */
    username: z.string().min(1),
    /** Config key holding the user's auth token, set with --secret. */
    passwordSecret,
  }),
  /** A capacity budget the target's services must fit. */
  budget: budget.optional(),
});

/** One OCI target's config, defaults filled in. */
export type OciTargetConfig = z.output<typeof ociSchema>;
