/** The corpus of bad configs: each breaks the dev stack one way; both the plan and the program must refuse it by key. */
import type { Tree } from "./config-cases";

/** [what is wrong, how to break the dev config, the key, what the message must say] */
export const CASES: [string, (c: Tree) => void, string, string][] = [
  [
    "health path without /",
    (c) => (c.services[0].health.path = "healthz"),
    "crossarch:services[0].health.path",
    `must be an HTTP path starting with '/', without spaces; given "healthz"`,
  ],
  ["port out of range", (c) => (c.services[0].port = 70000), "crossarch:services[0].port", "<=65535; given 70000"],
  [
    "upper-case service name",
    (c) => (c.services[0].name = "API"),
    "crossarch:services[0].name",
    `starting with a letter and not ending with '-'; given "API"`,
  ],
  ["duplicate service name", (c) => (c.services[1].name = "api"), "crossarch:services[1].name", `"api" is already the name of services[0]`],
  [
    "unknown image",
    (c) => (c.services[0].image = "ap"),
    "crossarch:services[0].image",
    `"ap" is not declared in crossarch:images; declared: app, worker, postgres, valkey`,
  ],
  [
    "unknown target",
    (c) => (c.services[1].targets = ["aws", "gcp"]),
    "crossarch:services[1].targets[1]",
    `"gcp" is not declared in crossarch:targets; declared: azure, aws, oracle`,
  ],
  [
    "misspelt key",
    (c) => (c.services[0].helth = {}),
    "crossarch:services[0]",
    `unknown key "helth"; allowed: name, image, port, protocol, ports, connects, job, volumes, public, entrypoint, args, env, health`,
  ],
  [
    "unknown target kind",
    (c) => (c.targets.aws.kind = "gke"),
    "crossarch:targets.aws.kind",
    `kind must be one of "aca", "fargate", "oci", "local"; given "gke"`,
  ],
  [
    "bad AWS region",
    (c) => (c.targets.aws.region = "us-est-1"),
    "crossarch:targets.aws.region",
    `is not an AWS region; did you mean us-east-1? (the regions @pulumi/aws knows: 46, e.g. us-east-1, eu-west-1); given "us-est-1"`,
  ],
  [
    "certificate from another region",
    (c) => (c.targets.aws.certificateArn = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"),
    "crossarch:targets.aws.certificateArn",
    "is in eu-west-1, but the target's load balancers are in us-east-1; an ALB takes only a certificate of its own region",
  ],
  [
    "availability domain of another region",
    (c) => (c.targets.oracle.availabilityDomain = "Uocm:US-ASHBURN-1-AD-1"),
    "crossarch:targets.oracle.availabilityDomain",
    "Uocm:US-ASHBURN-1-AD-1 is in us-ashburn-1, not in the target's region eu-frankfurt-1",
  ],
  [
    "too many OCPUs",
    (c) => (c.targets.oracle.ocpus = 80),
    "crossarch:targets.oracle.ocpus",
    "80 OCPUs is not legal for CI.Standard.A1.Flex; allowed: whole numbers 1-76; nearest: 76",
  ],
  [
    "memory in GB",
    (c) => (c.targets.oracle.memory = "24GB"),
    "crossarch:targets.oracle.memory",
    `must be a memory quantity such as "512Mi" or "1.5Gi" (a whole number of MiB); given "24GB"`,
  ],
  [
    "instance memory below 1 GiB/OCPU",
    (c) => (c.targets.oracle.memory = "3Gi"),
    "crossarch:targets.oracle.memory",
    "3Gi is not legal for 4 OCPUs of CI.Standard.A1.Flex; allowed: whole GiB from 4Gi to 256Gi",
  ],
  [
    "Fargate cpu off grid",
    (c) => (c.services[0].overrides.aws.cpu = 0.75),
    "crossarch:services[0].overrides.aws.cpu",
    "0.75 vCPU is not a Fargate task size; allowed: 0.25, 0.5, 1, 2, 4, 8, 16 vCPU; nearest: 0.5, 1 vCPU (service api on target aws (arm64))",
  ],
  [
    "Fargate memory off grid",
    (c) => (c.services[0].overrides.aws.memory = "9Gi"),
    "crossarch:services[0].overrides.aws.memory",
    "9Gi is not a Fargate memory size for 1 vCPU; allowed: 2Gi-8Gi in 1Gi steps; nearest: 8Gi; 9Gi is legal with 2, 4 vCPU",
  ],
  [
    "ACA memory not 2x cpu",
    (c) => {
      delete c.services[0].overrides.azure;
      c.services[0].size.memory = "2Gi";
    },
    "crossarch:services[0].size.memory",
    "2Gi with 0.5 vCPU is not an Azure Container Apps size: memory must be exactly 2Gi per vCPU, so 1Gi (or cpu 1 for 2Gi) (service api on target azure (amd64))",
  ],
  [
    "stack profile off the ACA grid",
    (c) => {
      delete c.services[0].size;
      delete c.services[0].overrides.azure;
      c.profiles = { amd64: { cpu: 0.3 } };
    },
    "crossarch:profiles.amd64.cpu",
    "0.3 vCPU is not an Azure Container Apps size; allowed: 0.25-4 vCPU in 0.25 steps; nearest: 0.25, 0.5 vCPU",
  ],
  [
    "built-in default named as such",
    (c) => {
      delete c.services[0].overrides.azure;
      c.services[0].size = { cpu: 1 };
    },
    "crossarch:services[0].size.memory",
    "memory must be exactly 2Gi per vCPU, so 2Gi (or cpu 0.5 for 1Gi) (service api on target azure (amd64), the built-in amd64 default)",
  ],
  [
    "health interval too long for ACA",
    (c) => (c.services[0].health.intervalSeconds = 300),
    "crossarch:services[0].health.intervalSeconds",
    "300 is out of range for target azure (Azure Container Apps); allowed: whole numbers 1-240",
  ],
  [
    "ALB needs two failures",
    (c) => (c.services[0].health.retries = 1),
    "crossarch:services[0].health.retries",
    "1 is out of range for the ALB target group of target aws (AWS Fargate); unhealthy threshold allowed: 2-10",
  ],
  [
    "ECS health check without command",
    (c) => delete c.services[1].overrides.aws.health,
    "crossarch:services[1].health.command",
    "target aws (AWS Fargate) runs the health check inside the container and needs a command",
  ],
  [
    "over the Ampere budget",
    (c) => (c.targets.oracle.budget.memory = "16Gi"),
    "crossarch:targets.oracle.budget",
    "services on target oracle exceed its budget (memory by 4Gi): api 1 x 1 vCPU / 4Gi = 1 vCPU / 4Gi; worker 1 x 0.5 vCPU / 2Gi",
  ],
  [
    "containers larger than the instance",
    (c) => (c.services[3].size.cpu = 3),
    "crossarch:targets.oracle",
    "containers need 5 vCPU / 20Gi but the CI.Standard.A1.Flex instance has 4 vCPU / 24Gi",
  ],
  [
    "replicas on OCI",
    (c) => (c.services[0].overrides.oracle.replicas = 2),
    "crossarch:services[0].overrides.oracle.replicas",
    "2: an OCI container instance runs each service once (target oracle); set services[0].overrides.oracle.replicas to 1",
  ],
  [
    "two containers on one port",
    (c) => (c.services[2].port = 5432),
    "crossarch:services[3].port",
    "5432 is already used by service cache on target oracle: containers of one OCI instance share a network namespace",
  ],
  [
    "reserved env name",
    (c) => (c.services[0].env.CROSSARCH_ARCH = "x"),
    "crossarch:services[0].env.CROSSARCH_ARCH",
    "CROSSARCH_* variables are set by crossarch from the arch profile",
  ],
  [
    "bad env name",
    (c) => (c.services[0].env["1BAD"] = "x"),
    `crossarch:services[0].env["1BAD"]`,
    `must be an environment variable name: letters, digits and '_', not starting with a digit; given "1BAD"`,
  ],
  [
    "replicas not whole",
    (c) => (c.services[0].replicas = 1.5),
    "crossarch:services[0].replicas",
    "expected int, received number; given 1.5",
  ],
  ["port as text", (c) => (c.services[0].port = "80"), "crossarch:services[0].port", `expected number, received string; given "80"`],
  ["build and ref", (c) => (c.images.app.ref = "docker.io/library/node:20"), "crossarch:images.app", "give exactly one of build or ref"],
  ["empty build context", (c) => (c.images.app.build.context = ""), "crossarch:images.app.build.context", ">=1 characters"],
  [
    "target named like an arch",
    (c) => (c.targets.arm64 = c.targets.aws),
    "crossarch:targets.arm64",
    "a target cannot be named after an arch (amd64, arm64)",
  ],
  [
    "override for nothing",
    (c) => (c.services[0].overrides.gcp = { cpu: 1 }),
    "crossarch:services[0].overrides.gcp",
    `"gcp" is neither an arch (amd64, arm64) nor a target this service runs on (azure, aws, oracle)`,
  ],
  [
    "no services key",
    (c) => delete c.services,
    "crossarch:services",
    "declare at least one service, or push an image (images.<name>.push, naming a key of crossarch:registries) for an image-only stack",
  ],
  ["empty services", (c) => (c.services = []), "crossarch:services", "declare at least one service"],
  [
    "public without port",
    (c) => {
      delete c.services[1].port;
      c.services[1].public = true;
      c.services[1].health = { port: 8081 };
    },
    "crossarch:services[1].public",
    "true needs the service to have a port",
  ],
  [
    "health with nothing to check",
    (c) => {
      delete c.services[1].port;
      delete c.services[1].overrides.oracle.health;
    },
    "crossarch:services[1].health",
    "needs a path (HTTP check), a port (TCP check) or a command",
  ],
  ["unknown arch", (c) => (c.targets.aws.arch = "x86"), "crossarch:targets.aws.arch", `expected one of "amd64"|"arm64"; given "x86"`],
  [
    "unknown platform",
    (c) => (c.images.app.platforms = ["linux/arm"]),
    "crossarch:images.app.platforms[0]",
    `expected one of "linux/amd64"|"linux/arm64"; given "linux/arm"`,
  ],
  ["bad app name", (c) => (c.app = "Shop!"), "crossarch:app", `given "Shop!"`],
  [
    "misspelt config key",
    (c) => (c.servics = []),
    "crossarch",
    `unknown key "servics"; allowed: app, images, services, targets, version, release, registries, profiles`,
  ],
  [
    "compartment not an OCID",
    (c) => (c.targets.oracle.compartmentId = "abc"),
    "crossarch:targets.oracle.compartmentId",
    "must be a compartment or tenancy OCID",
  ],
  [
    "VPC block with host bits",
    (c) => (c.targets.aws.vpcCidr = "10.0.0.1/16"),
    "crossarch:targets.aws.vpcCidr",
    `must be an IPv4 CIDR block from /16 to /24 without host bits, e.g. 10.0.0.0/16; given "10.0.0.1/16"`,
  ],
  [
    "existing network with one subnet",
    (c) =>
      (c.targets.aws.existingNetwork = {
        vpcId: "vpc-0abc",
        vpcCidr: "10.2.0.0/16",
        publicSubnetIds: ["subnet-01"],
        privateSubnetIds: ["subnet-02", "subnet-03"],
      }),
    "crossarch:targets.aws.existingNetwork.publicSubnetIds",
    "expected array to have >=2 items",
  ],
  [
    "user by name",
    (c) => (c.services[0].user = "node"),
    "crossarch:services[0].user",
    `must be a numeric uid or uid:gid, e.g. 10001:10001; given "node"`,
  ],
  [
    "OCIR token key missing",
    (c) => delete c.targets.oracle.registry.passwordSecret,
    "crossarch:targets.oracle.registry.passwordSecret",
    "required (string)",
  ],
  [
    "public OCIR namespace missing",
    (c) => delete c.targets.oracle.registry.namespace,
    "crossarch:targets.oracle.registry.namespace",
    "required (string)",
  ],
  // class 1: what used to fail inside MultiArchImage, after registration
  [
    "doubled separator in an image name",
    (c) => (c.images["my--app"] = { ref: "docker.io/library/nginx:1.27" }),
    `crossarch:images["my--app"]`,
    "must be lowercase letters and digits in words joined by single '-' (it becomes a repository name)",
  ],
  [
    "a platform twice",
    (c) => (c.images.postgres.platforms = ["linux/amd64", "linux/arm64", "linux/amd64"]),
    "crossarch:images.postgres.platforms",
    "linux/amd64",
  ],
  // class 2: the port is one fact
  ["env PORT next to port", (c) => (c.services[0].env.PORT = "9999"), "crossarch:services[0].env.PORT", "port"],
  // class 3: images
  [
    "build context outside the project",
    (c) => (c.images.app.build.context = "../../../etc"),
    "crossarch:images.app.build.context",
    `"../../../etc" lies outside the project`,
  ],
  [
    "build context that does not exist",
    (c) => (c.images.app.build.context = "nope"),
    "crossarch:images.app.build.context",
    `"nope" is not a directory of the project`,
  ],
  [
    "garbled ref",
    (c) => (c.images.postgres.ref = "docker.io//postgres::16"),
    "crossarch:images.postgres.ref",
    "is not an image reference: expected [registry/]repository[:tag][@sha256:<64 hex>]",
  ],
  // class 5: secrets
  [
    "registry password naming a setting",
    (c) => (c.targets.oracle.registry.passwordSecret = "app"),
    "crossarch:targets.oracle.registry.passwordSecret",
    "names crossarch:app, a setting of crossarch, not a secret",
  ],
  // class 6: limits of the platforms
  [
    "env past the ECS task definition's size",
    (c) => (c.services[0].env.BLOB = "x".repeat(50 * 1024)),
    "crossarch:services[0].env",
    "an ECS task definition is capped at 64 KiB",
  ],
  [
    "a Container App name past 32 characters",
    (c) => (c.services[5].name = "nightly-vacuum-of-the-db"),
    "crossarch:services[5].name",
    "Container Apps allow 32",
  ],
];
