/**
 * No silent drops: every key of a service, on every target kind, either shows up in what that
 * target deploys or is refused before anything is created, naming the key and the target. The
 * table must cover every key the schema has, so a new key without a row fails here.
 */
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { SHIPPED_KINDS } from "../../components/kinds";
import { stackConfigSchema } from "../../infra/config-schema";
import { program } from "../../infra/program";
import { problemsOf, type Tree } from "../helpers/config-cases";
import { ROWS, TARGET, type Effect, type Kind, type View } from "../helpers/every-key-rows";
import { mockStack, ofType, plain, settle } from "../helpers/mocks";
import { OFFLINE } from "../helpers/stacks";

/** Every shipped kind, from the one list (each must have its target in the base system and its column in every row). */
const KINDS = SHIPPED_KINDS.map((k) => k.kind) satisfies Kind[];
const svcOf = (ns: Tree) => ns.services[0];

/** A stack with one target of each kind; `svc` is the service under test, `client` connects to it. */
function base(): Tree {
  const command = { health: { command: ["CMD", "true"] } };
  return {
    app: "walk",
    images: {
      app: { build: { context: "app", target: "runtime" } },
    },
    targets: {
      azure: { kind: "aca", location: "westeurope" },
      aws: { kind: "fargate", region: "us-east-1" },
      oracle: {
        kind: "oci",
        region: "eu-frankfurt-1",
        compartmentId: "ocid1.compartment.oc1..walk",
        availabilityDomain: "AD-1",
        ocpus: 4,
        memory: "24Gi",
        assignPublicIp: true,
        registry: { namespace: "walk", username: "ci", passwordSecret: "ocirToken" },
      },
      local: { kind: "local", arches: ["amd64"], registry: { address: "registry.crossarch.test:5443" } },
    },
    services: [
      { name: "svc", image: "app", port: 8080, size: { cpu: 0.5, memory: "1Gi" }, overrides: { aws: structuredClone(command) } },
      {
        name: "client",
        image: "app",
        port: 8081,
        connects: ["svc"],
        size: { cpu: 0.5, memory: "1Gi" },
        overrides: { aws: structuredClone(command) },
      },
    ],
  };
}

async function deploy(ns: Tree): Promise<View> {
  const flat = Object.fromEntries(Object.entries(ns).map(([k, v]) => [`crossarch:${k}`, typeof v === "string" ? v : JSON.stringify(v)]));
  flat["crossarch:ocirToken"] = "token";
  const cwd = process.cwd();
  process.chdir(path.join(cwd, "infra"));
  try {
    const recorded = await mockStack("walk", flat, false, ["crossarch:ocirToken"]);
    const out = await program(OFFLINE);
    await settle();
    const app = (name: string) => recorded.find((r) => r.type === "azure-native:app:ContainerApp" && r.name === `azure-${name}`)?.inputs;
    const acaEnv = (a: Tree | undefined) =>
      Object.fromEntries((plain(a?.template.containers[0].env) ?? []).map((e: Tree) => [e.name, e.value]));
    const taskDef = (name: string) => {
      const r = recorded.find((x) => x.type === "aws:ecs/taskDefinition:TaskDefinition" && x.name === `aws-${name}`);
      return r ? JSON.parse(plain(r.inputs.containerDefinitions))[0] : undefined;
    };
    const instance = recorded.find((r) => r.type === "oci:ContainerEngine/containerInstance:ContainerInstance");
    const ociContainer = (name: string) => plain(instance?.inputs.containers)?.find((c: Tree) => c.displayName === name);
    const locals = ofType(recorded, "pulumi-nodejs:dynamic/crossarch:LocalContainer");
    const localOf = (name: string) => locals.filter((c) => c.name.startsWith(`local-${name}-`)).map((c) => c.inputs);
    const fargateEnv = (d: Tree | undefined) => Object.fromEntries((d?.environment ?? []).map((e: Tree) => [e.name, e.value]));
    return {
      recorded,
      out,
      aca: {
        app: { ...app("svc"), configuration: plain(app("svc")?.configuration) },
        container: app("svc")?.template.containers[0],
        clientEnv: acaEnv(app("client")),
      },
      fargate: {
        def: taskDef("svc"),
        service: recorded.find((r) => r.type === "aws:ecs/service:Service" && r.name === "aws-svc")?.inputs ?? {},
        clientEnv: fargateEnv(taskDef("client")),
      },
      oci: { container: ociContainer("svc"), clientEnv: plain(ociContainer("client")?.environmentVariables) ?? {} },
      local: { containers: localOf("svc"), clientEnv: plain(localOf("client")[0]?.env) ?? {} },
    };
  } finally {
    process.chdir(cwd);
  }
}

/** Keys every service has, which need no row: its identity and the retired `command`. */
const NOT_ROWS = ["command"];

describe("every service key takes effect on each target kind, or is refused there", () => {
  it("has a row for every key of a service and of its health check", () => {
    const service = stackConfigSchema().shape.services.unwrap().element.shape;
    const keys = [
      ...Object.keys(service).filter((k) => k !== "health" && !NOT_ROWS.includes(k)),
      ...Object.keys(service.health.unwrap().shape).map((k) => `health.${k}`),
    ];
    // one row per key, and rows for the parts of a key that differ per target (volumes[].size)
    expect(
      Object.keys(ROWS)
        .filter((k) => !k.includes("[]"))
        .sort(),
    ).toEqual(keys.sort());
  });

  for (const [key, row] of Object.entries(ROWS)) {
    it(key, async () => {
      const takes = KINDS.filter((k) => typeof row.on[k] === "function");
      const refuses = KINDS.filter((k) => typeof row.on[k] !== "function");
      // refused: with every target, each refusing one is named at the key
      if (refuses.length > 0) {
        const ns = base();
        row.edit(ns, ns.services[0], ns.services[1]);
        const problems = problemsOf(ns, "walk");
        for (const k of refuses) {
          const words = (row.on[k] as { refused: string }).refused;
          const named = problems.filter(
            (p) => p.startsWith("crossarch:services[0].") && p.includes(`target ${TARGET[k]}`) && p.includes(words),
          );
          expect(named, `${key} on ${k}: ${problems.join("\n")}`).toHaveLength(1);
        }
      }
      // taken: with the targets that take it, each shows it in what it deploys
      const ns = base();
      row.edit(ns, ns.services[0], ns.services[1]);
      if (refuses.length > 0)
        for (const s of ns.services) {
          s.targets = s.targets ?? takes.map((k) => TARGET[k]);
          for (const t of Object.keys(s.overrides ?? {})) if (!s.targets.includes(t)) delete s.overrides[t];
        }
      const view = await deploy(ns);
      for (const k of takes) (row.on[k] as Effect)(view);
    });
  }

  it("the base system itself is accepted everywhere", () => {
    expect(problemsOf(base(), "walk")).toEqual([]);
    expect(svcOf(base()).name).toBe("svc");
  });
});
