/**
 * `@crossarch/components/aws`: ECS Fargate on Graviton (arm64) or x86, its VPC, and ECR.
 * Loads `@pulumi/aws` and no other cloud SDK.
 */
export * from "../aws/fargate";
export * from "../aws/network";
export { containerDefinition, ecsHealthCheck } from "../aws/task";
export * from "../aws/ecr";
