/**
 * `@crossarch/components/aws`: ECS Fargate on Graviton (arm64) or x86, its VPC, and ECR.
 * Loads `@pulumi/aws` and no other cloud SDK.
 */
export * from "../targets/fargate";
export * from "../targets/aws-network";
export { containerDefinition, ecsHealthCheck } from "../targets/fargate-task";
export * from "../registry/ecr";
