/** IPv4 CIDR arithmetic for carving subnets out of a VPC/VCN block. */

/** `10.0.0.0/16` -> `[0x0a000000, 16]`; `undefined` when it is not a CIDR block. */
export function parseCidr(cidr: string): [number, number] | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  const bits = Number(m[5]);
  if (octets.some((o) => o > 255) || bits > 32) return undefined;
  const address = octets.reduce((a, o) => a * 256 + o, 0);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  if ((address & ~mask) >>> 0 !== 0) return undefined; // host bits set
  return [address, bits];
}

/** The `index`-th subnet of `cidr` that is `newBits` longer: cidrSubnet("10.0.0.0/16", 4, 2) -> "10.0.32.0/20". */
export function cidrSubnet(cidr: string, newBits: number, index: number): string {
  const parsed = parseCidr(cidr);
  if (!parsed) throw new RangeError(`${JSON.stringify(cidr)} is not an IPv4 CIDR block`);
  const [base, bits] = parsed;
  const size = bits + newBits;
  if (size > 32 || index < 0 || index >= 2 ** newBits) throw new RangeError(`${cidr} has no subnet ${index} of /${size}`);
  const address = base + index * 2 ** (32 - size);
  return `${[24, 16, 8, 0].map((s) => Math.floor(address / 2 ** s) % 256).join(".")}/${size}`;
}
