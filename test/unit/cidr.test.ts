import { describe, expect, it } from "vitest";
import { cidrSubnet, parseCidr } from "../../components/model/cidr";

describe("CIDR arithmetic", () => {
  it("carves numbered subnets out of a block", () => {
    expect([0, 1, 2, 3].map((i) => cidrSubnet("10.0.0.0/16", 4, i))).toEqual([
      "10.0.0.0/20",
      "10.0.16.0/20",
      "10.0.32.0/20",
      "10.0.48.0/20",
    ]);
    expect(cidrSubnet("10.1.0.0/16", 8, 0)).toBe("10.1.0.0/24");
    expect(cidrSubnet("192.168.4.0/22", 2, 3)).toBe("192.168.7.0/24");
  });

  it("refuses blocks with host bits, bad octets and subnets that do not exist", () => {
    expect(parseCidr("10.0.0.1/16")).toBeUndefined();
    expect(parseCidr("300.0.0.0/8")).toBeUndefined();
    expect(parseCidr("10.0.0.0/33")).toBeUndefined();
    expect(() => cidrSubnet("10.0.0.0/16", 4, 16)).toThrow("10.0.0.0/16 has no subnet 16 of /20");
    expect(() => cidrSubnet("nope", 4, 0)).toThrow('"nope" is not an IPv4 CIDR block');
  });
});
