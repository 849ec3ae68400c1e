/**
 * One stand-in provider: the engine's resource operations answered from a package's tables.
 * Outputs are the inputs plus what the provider computes; nothing is kept anywhere but the
 * engine's state, so read returns what the state holds. Pure (no gRPC), for direct tests.
 */
import { diffInputs, type InputDiff } from "./diff";
import type { Autoname, StandInPackage } from "./model";
import { guidOf, hashOf, nameOfUrn, reveal, typeOfUrn, type Props } from "./values";

/** The program invoked a function the stand-in does not answer. */
export class UnknownInvokeError extends TypeError {
  constructor(pkg: string, token: string) {
    super(`the ${pkg} stand-in provider does not answer ${token}; add it to standins/${pkg}.ts`);
    this.name = "UnknownInvokeError";
  }
}

/** A name as the real provider makes one: the logical name, a random (here: seeded) suffix, cut to fit. */
export function autonameFor(rule: Autoname, logical: string, seed: string): string {
  if (rule.guid) return guidOf(logical, seed);
  const suffix = hashOf(7, seed);
  const stem = rule.alphanumeric ? logical.replace(/[^a-zA-Z0-9]/g, "") : logical;
  const max = rule.maxLength ?? 255;
  return `${stem.slice(0, Math.max(1, max - suffix.length - (rule.alphanumeric ? 0 : 1)))}${rule.alphanumeric ? "" : "-"}${suffix}`;
}

export class StandInProvider {
  /** The provider's own config (`region`, ...), plain values. */
  config: Record<string, string> = {};

  constructor(
    readonly pkg: StandInPackage,
    readonly version: string,
  ) {}

  configure(config: Props): void {
    this.config = Object.fromEntries(
      Object.entries(config).flatMap(([k, v]) => {
        const value = reveal(v);
        return value === undefined || value === null
          ? []
          : [[k.split(":").pop() as string, typeof value === "string" ? value : JSON.stringify(value)]];
      }),
    );
  }

  /** Fill in autonamed properties; an existing name is kept (the engine re-checks without olds before a replacement). */
  check(urn: string, olds: Props, news: Props, randomSeed: string): Props {
    const rule = this.pkg.autoname(typeOfUrn(urn));
    if (!rule || news[rule.property] !== undefined) return news;
    const name = olds[rule.property] ?? autonameFor(rule, nameOfUrn(urn), `${urn}|${randomSeed}`);
    return { ...news, [rule.property]: name };
  }

  diff(urn: string, oldInputs: Props, news: Props): InputDiff {
    const type = typeOfUrn(urn);
    const view = (inputs: Props) => this.pkg.forDiff?.(type, inputs) ?? inputs;
    return diffInputs(view(oldInputs), view(news), this.pkg.replaceRule(type));
  }

  create(urn: string, inputs: Props): { id: string; outs: Props } {
    const ctx = { type: typeOfUrn(urn), name: nameOfUrn(urn), urn, inputs, config: this.config };
    const id = this.pkg.id(ctx);
    return { id, outs: this.outputs(urn, id, inputs) };
  }

  update(urn: string, id: string, news: Props): Props {
    return this.outputs(urn, id, news);
  }

  invoke(token: string, args: Props): Props {
    const result = this.pkg.invoke(token, args, this.config);
    if (result === undefined) throw new UnknownInvokeError(this.pkg.name, token);
    return result;
  }

  private outputs(urn: string, id: string, inputs: Props): Props {
    const computed = this.pkg.computed({ type: typeOfUrn(urn), name: nameOfUrn(urn), urn, inputs, config: this.config, id });
    return { ...inputs, ...computed };
  }
}
