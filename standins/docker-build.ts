/**
 * The `docker-build` stand-in, used with the cloud stand-ins only: their registries exist in no
 * cloud, so nothing can be pushed to them. Digests are derived from what defines a build (context,
 * Dockerfile, target, arguments, platforms), so the same inputs give the same digest and any
 * change gives a new one; an index's digest from its sources. The local stack runs the real plugin.
 */
import type { StandInPackage } from "./model";
import { hashOf, reveal, type Props } from "./values";

/** The parts of an Image's inputs that decide its content. */
function buildIdentity(inputs: Props): unknown[] {
  return [inputs.context, inputs.dockerfile, inputs.target, inputs.buildArgs, inputs.platforms].map((v) => reveal(v));
}

export const dockerBuildStandIn: StandInPackage = {
  name: "docker-build",
  autoname: () => undefined,

  id(ctx) {
    return `${ctx.name}-${hashOf(12, ctx.urn)}`;
  },

  computed(ctx) {
    if (ctx.type === "docker-build:index:Image") {
      const digest = `sha256:${hashOf(64, ...buildIdentity(ctx.inputs))}`;
      return { digest, contextHash: hashOf(64, ctx.inputs.context), ref: digest };
    }
    if (ctx.type === "docker-build:index:Index") {
      return { ref: `${String(reveal(ctx.inputs.tag))}@sha256:${hashOf(64, ctx.inputs.sources)}` };
    }
    return {};
  },

  // As pulumi-docker-build's Index.Diff: another tag is another index.
  replaceRule: (type) => ({ replace: type === "docker-build:index:Index" ? ["tag"] : [] }),

  // As pulumi-docker-build's Image.Diff and Index.Diff: a new registry password (ECR and ACR hand
  // out new ones on every run) is not a change; address and username are.
  forDiff(_type, inputs) {
    const withoutPassword = (r: unknown) => {
      const { password: _password, ...rest } = (reveal(r) ?? {}) as Props;
      return rest;
    };
    return {
      ...inputs,
      ...(Array.isArray(inputs.registries) && { registries: inputs.registries.map(withoutPassword) }),
      ...(inputs.registry !== undefined && { registry: withoutPassword(inputs.registry) }),
    };
  },
  invoke: () => undefined,
};
