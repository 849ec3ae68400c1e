// Written from components/kinds.ts by npm run docs:kinds; edit the kinds' modules, then run it.
/** Each target kind crossarch ships: its name, its name in messages, and the archs it can run. */
export const KIND_FACTS: readonly { kind: string; title: string; arches: readonly ("amd64" | "arm64")[] }[] = [
  { kind: "aca", title: "Azure Container Apps", arches: ["amd64"] },
  { kind: "fargate", title: "AWS Fargate", arches: ["amd64", "arm64"] },
  { kind: "oci", title: "OCI Container Instance", arches: ["amd64", "arm64"] },
  { kind: "local", title: "local Docker engine", arches: ["amd64", "arm64"] },
];
