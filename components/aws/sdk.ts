/**
 * The modules of @pulumi/aws crossarch uses, each imported on its own: the package's index
 * defines getters for every module and loads all of its enums, 90-140 ms at every program
 * start; these load in about 17 ms (BENCHMARKS.md, real-engine preview). Import this as
 * `aws` and use it as the package: `aws.ecs.Service`.
 */
export * as cloudwatch from "@pulumi/aws/cloudwatch";
export * as ec2 from "@pulumi/aws/ec2";
export * as ecr from "@pulumi/aws/ecr";
export * as ecs from "@pulumi/aws/ecs";
export * as efs from "@pulumi/aws/efs";
export * as iam from "@pulumi/aws/iam";
export * as lb from "@pulumi/aws/lb";
export * as scheduler from "@pulumi/aws/scheduler";
export * as secretsmanager from "@pulumi/aws/secretsmanager";
export * as servicediscovery from "@pulumi/aws/servicediscovery";
export * as vpc from "@pulumi/aws/vpc";
export { getAvailabilityZonesOutput } from "@pulumi/aws/getAvailabilityZones";
export { Provider } from "@pulumi/aws/provider";
