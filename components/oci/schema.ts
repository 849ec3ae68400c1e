/** The config of one OCI Container Instance target (`crossarch:targets.<name>` with `kind: oci`). */
import { z } from "zod";
import { budget, cidr, memory, passwordSecret, strict } from "../model/schema-parts";
import { OCI_SHAPES } from "./sizing";

export const ociSchema = strict({
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
    passwordSecret,
  }),
  budget: budget.optional(),
});

/** One OCI target's config, defaults filled in. */
export type OciTargetConfig = z.output<typeof ociSchema>;
