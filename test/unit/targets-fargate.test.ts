import { beforeAll, describe, expect, it } from "vitest";
import { registeredFor } from "../helpers/dev-run";
import { AWS_ACCOUNT, ofType, one, type Recorded } from "../helpers/mocks";

let recorded: Recorded[];
const container = (service: string) =>
  JSON.parse(one(recorded, "aws:ecs/taskDefinition:TaskDefinition", `aws-${service}`).inputs.containerDefinitions)[0];
beforeAll(async () => {
  ({ recorded } = await registeredFor("dev"));
});

describe("dev stack: AWS Fargate on Graviton (arm64)", () => {
  it("defines ARM64 tasks sized on the Fargate grid", () => {
    const api = one(recorded, "aws:ecs/taskDefinition:TaskDefinition", "aws-api").inputs;
    expect(api).toMatchObject({
      family: "shop-dev-api",
      requiresCompatibilities: ["FARGATE"],
      networkMode: "awsvpc",
      cpu: "1024",
      memory: "2048",
      runtimePlatform: { cpuArchitecture: "ARM64", operatingSystemFamily: "LINUX" },
    });
    expect(api.tags).toMatchObject({ arch: "arm64", image: "app", "image-platforms": "linux/amd64 linux/arm64" });
    const worker = one(recorded, "aws:ecs/taskDefinition:TaskDefinition", "aws-worker").inputs;
    expect([worker.cpu, worker.memory]).toEqual(["512", "1024"]);
  });

  it("runs the digest-pinned ECR image non-root, read-only, unprivileged, with a health check and CloudWatch logs", () => {
    const api = container("api");
    expect(api.image).toMatch(new RegExp(`^${AWS_ACCOUNT}\\.dkr\\.ecr\\.us-east-1\\.amazonaws\\.com/shop/app@sha256:[0-9a-f]{64}$`));
    expect(api).toMatchObject({
      name: "api",
      essential: true,
      user: "10001:10001",
      readonlyRootFilesystem: true,
      privileged: false,
      portMappings: [{ containerPort: 8080, protocol: "tcp" }],
    });
    expect(api.healthCheck).toEqual({
      command: ["CMD", "node", "dist/healthcheck.js"],
      interval: 10,
      timeout: 5,
      retries: 3,
      startPeriod: 10,
    });
    expect(api.logConfiguration).toEqual({
      logDriver: "awslogs",
      options: { "awslogs-group": "/crossarch/shop-dev/api", "awslogs-region": "us-east-1", "awslogs-stream-prefix": "api" },
    });
    expect(api.environment).toContainEqual({ name: "CROSSARCH_ARCH", value: "arm64" });
    expect(api.environment).toContainEqual({ name: "CROSSARCH_WORKERS", value: "1" });
    expect(container("worker").image).toMatch(/\/shop\/worker@sha256:/);
  });

  it("gives the execution role only what pulling and logging need", () => {
    const policy = JSON.parse(one(recorded, "aws:iam/rolePolicy:RolePolicy", "aws-api-exec").inputs.policy);
    expect(policy.Statement).toEqual([
      { Effect: "Allow", Action: ["ecr:GetAuthorizationToken"], Resource: "*" },
      {
        Effect: "Allow",
        Action: ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"],
        Resource: [
          `arn:aws:ecr:us-east-1:${AWS_ACCOUNT}:repository/shop/app`,
          `arn:aws:ecr:us-east-1:${AWS_ACCOUNT}:repository/shop/worker`,
        ],
      },
      {
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: `arn:aws:logs:us-east-1:${AWS_ACCOUNT}:log-group:/crossarch/shop-dev/api:*`,
      },
      // DB_PASSWORD, and the migration's PGPASSWORD (it runs first in api's tasks), from Secrets Manager
      {
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: [
          expect.stringMatching(/^arn:aws:secretsmanager:us-east-1:/),
          expect.stringMatching(/^arn:aws:secretsmanager:us-east-1:/),
        ],
      },
    ]);
    expect(ofType(recorded, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")).toEqual([]);
    expect(one(recorded, "aws:cloudwatch/logGroup:LogGroup", "aws-api").inputs.retentionInDays).toBe(30);
  });

  it("deploys with a circuit breaker that rolls back, in private subnets without public IPs", () => {
    const api = one(recorded, "aws:ecs/service:Service", "aws-api").inputs;
    expect(api.deploymentCircuitBreaker).toEqual({ enable: true, rollback: true });
    expect(api).toMatchObject({ desiredCount: 2, launchType: "FARGATE", waitForSteadyState: true, healthCheckGracePeriodSeconds: 10 });
    expect(api.networkConfiguration.assignPublicIp).toBe(false);
    expect(api.networkConfiguration.subnets).toHaveLength(2);
    expect(api.loadBalancers).toEqual([{ targetGroupArn: expect.stringContaining("aws-api"), containerName: "api", containerPort: 8080 }]);
    const worker = one(recorded, "aws:ecs/service:Service", "aws-worker").inputs;
    expect(worker.loadBalancers).toBeUndefined();
    expect(worker.desiredCount).toBe(1);
  });

  it("puts only public services behind an ALB whose target group checks readiness with the spec's timing", () => {
    expect(ofType(recorded, "aws:lb/loadBalancer:LoadBalancer").map((r) => r.name)).toEqual(["aws-api"]);
    expect(one(recorded, "aws:lb/loadBalancer:LoadBalancer", "aws-api").inputs).toMatchObject({
      internal: false,
      loadBalancerType: "application",
      dropInvalidHeaderFields: true,
    });
    const tg = one(recorded, "aws:lb/targetGroup:TargetGroup", "aws-api").inputs;
    expect(tg).toMatchObject({ targetType: "ip", port: 8080, protocol: "HTTP", deregistrationDelay: 10 });
    expect(tg.healthCheck).toEqual({
      enabled: true,
      path: "/readyz",
      port: "8080",
      protocol: "HTTP",
      interval: 10,
      timeout: 5,
      healthyThreshold: 2,
      unhealthyThreshold: 3,
      matcher: "200-399",
    });
    expect(ofType(recorded, "aws:lb/listener:Listener").map((r) => [r.inputs.port, r.inputs.protocol])).toEqual([[80, "HTTP"]]);
  });

  it("lets task ports be reached from the load balancer (public) and from the services that connect, nothing else", () => {
    const sg = (name: string) => one(recorded, "aws:ec2/securityGroup:SecurityGroup", name);
    for (const name of ["aws-api-task", "aws-worker-task", "aws-db-task"]) {
      expect(sg(name).inputs.ingress, name).toBeUndefined(); // every rule is its own resource
    }
    const rules = ofType(recorded, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => [
      r.name,
      r.inputs.securityGroupId,
      r.inputs.referencedSecurityGroupId,
      r.inputs.fromPort,
      r.inputs.cidrIpv4,
    ]);
    expect(rules.sort()).toEqual([
      ["aws-api-from-alb", sg("aws-api-task").id, sg("aws-api-alb").id, 8080, undefined],
      ["aws-api-to-db-5432", sg("aws-db-task").id, sg("aws-api-task").id, 5432, undefined],
      // db mounts its EFS volume: NFS from its tasks only
      ["aws-db-to-efs", sg("aws-efs").id, sg("aws-db-task").id, 2049, undefined],
    ]);
  });

  it("creates the VPC: public and private subnets in two zones, one NAT gateway", () => {
    const subnets = ofType(recorded, "aws:ec2/subnet:Subnet").map((r) => [
      r.name,
      r.inputs.cidrBlock,
      r.inputs.availabilityZone,
      r.inputs.mapPublicIpOnLaunch,
    ]);
    expect(subnets).toEqual([
      ["aws-net-public-0", "10.0.0.0/20", "us-east-1a", false],
      ["aws-net-public-1", "10.0.16.0/20", "us-east-1b", false],
      ["aws-net-private-0", "10.0.32.0/20", "us-east-1a", false],
      ["aws-net-private-1", "10.0.48.0/20", "us-east-1b", false],
    ]);
    expect(ofType(recorded, "aws:ec2/natGateway:NatGateway")).toHaveLength(1);
  });

  it("tags every AWS resource that takes tags with the standard tags", () => {
    const taggable = recorded.filter((r) => r.type.startsWith("aws:") && r.inputs.tags !== undefined);
    expect(taggable.length).toBeGreaterThan(15);
    for (const r of taggable)
      expect(r.inputs.tags, `${r.type} ${r.name}`).toMatchObject({ arch: "arm64", app: "shop", stack: "dev", "managed-by": "crossarch" });
  });
});
