/**
 * The load balancer of a public Fargate service: an internet-facing ALB whose security group
 * admits 80 (and 443 with a certificate), a target group that checks readiness with the health
 * spec's timing, and listeners (HTTPS with a redirect from HTTP when there is a certificate).
 */
import * as aws from "./sdk";
import * as pulumi from "@pulumi/pulumi";
import type { AwsSubnets } from "./network";
import type { FargateTargetArgs } from "./fargate";
import type { TargetService } from "../model/service";

/** An internet-facing ALB, its target group (health from the spec) and listeners. */
export function publicLoadBalancer(
  parent: pulumi.Resource,
  name: string,
  s: TargetService,
  net: AwsSubnets,
  args: Pick<FargateTargetArgs, "certificateArn" | "tags">,
  port: number,
) {
  const p = { parent };
  const h = s.health;
  const listenPorts = args.certificateArn ? [80, 443] : [80];
  const sg = new aws.ec2.SecurityGroup(
    `${name}-${s.name}-alb`,
    {
      vpcId: net.vpcId,
      description: `${s.name} load balancer`,
      ingress: listenPorts.map((lp) => ({ protocol: "tcp", fromPort: lp, toPort: lp, cidrBlocks: ["0.0.0.0/0"] })),
      egress: [{ protocol: "tcp", fromPort: port, toPort: port, cidrBlocks: [net.vpcCidr] }],
      tags: args.tags,
    },
    p,
  );
  const alb = new aws.lb.LoadBalancer(
    `${name}-${s.name}`,
    {
      loadBalancerType: "application",
      internal: false,
      subnets: net.publicSubnetIds,
      securityGroups: [sg.id],
      dropInvalidHeaderFields: true,
      tags: args.tags,
    },
    p,
  );
  const tg = new aws.lb.TargetGroup(
    `${name}-${s.name}`,
    {
      vpcId: net.vpcId,
      targetType: "ip",
      port,
      protocol: "HTTP",
      deregistrationDelay: s.shutdownGraceSeconds,
      healthCheck: {
        enabled: true,
        path: h.readinessPath ?? h.path ?? "/",
        port: String(h.port ?? port),
        protocol: "HTTP",
        interval: h.intervalSeconds,
        timeout: h.timeoutSeconds,
        healthyThreshold: 2,
        unhealthyThreshold: h.retries,
        matcher: "200-399",
      },
      tags: args.tags,
    },
    p,
  );
  const forward = [{ type: "forward", targetGroupArn: tg.arn }];
  const listeners = args.certificateArn
    ? [
        new aws.lb.Listener(
          `${name}-${s.name}-https`,
          {
            loadBalancerArn: alb.arn,
            port: 443,
            protocol: "HTTPS",
            certificateArn: args.certificateArn,
            sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
            defaultActions: forward,
            tags: args.tags,
          },
          p,
        ),
        new aws.lb.Listener(
          `${name}-${s.name}-http`,
          {
            loadBalancerArn: alb.arn,
            port: 80,
            protocol: "HTTP",
            defaultActions: [{ type: "redirect", redirect: { port: "443", protocol: "HTTPS", statusCode: "HTTP_301" } }],
            tags: args.tags,
          },
          p,
        ),
      ]
    : [
        new aws.lb.Listener(
          `${name}-${s.name}-http`,
          { loadBalancerArn: alb.arn, port: 80, protocol: "HTTP", defaultActions: forward, tags: args.tags },
          p,
        ),
      ];
  const scheme = args.certificateArn ? "https" : "http";
  return { securityGroupId: sg.id, targetGroupArn: tg.arn, listeners, url: pulumi.interpolate`${scheme}://${alb.dnsName}` };
}
