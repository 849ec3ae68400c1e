/** The imported stack as a stack file (`Pulumi.<stack>.yaml`), commented with where it came from. */
import { stringify } from "yaml";

export function stackFileText(config: Record<string, unknown>, source: string[]): string {
  const namespaced = Object.fromEntries(Object.entries(config).map(([k, v]) => [`crossarch:${k}`, v]));
  return [
    `# Imported from ${source.join(", ")} by \`npm run import -- compose\`.`,
    "# Secrets are not in this file: set each with the `pulumi config set --secret` commands the import printed.",
    stringify({ config: namespaced }, { lineWidth: 0 }),
  ].join("\n");
}
