/** Host keys as users pin them (`ssh-ed25519 AAAA...`), read and written back exactly. */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { formatHostKey, parseHostKey, sshDocker } from "../../components/host/ssh";

/** A fresh key pair made by ssh-keygen, as a machine's host key would be. */
function hostKey(type: "ed25519" | "ecdsa" | "rsa"): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "host-key-"));
  execFileSync("ssh-keygen", ["-q", "-t", type, "-N", "", "-C", "root@box", "-f", path.join(dir, "key")]);
  const text = fs.readFileSync(path.join(dir, "key.pub"), "utf8").trim();
  fs.rmSync(dir, { recursive: true, force: true });
  return text;
}

describe("pinned host keys", () => {
  it.each(["ed25519", "ecdsa", "rsa"] as const)("reads an %s key as ssh-keyscan prints it, comment or not, and writes it back", (type) => {
    const text = hostKey(type);
    const [kind, base64] = text.split(" ");
    const parsed = parseHostKey(text);
    expect(parsed?.type).toBe(kind);
    expect(formatHostKey(parsed!.blob)).toBe(`${kind} ${base64}`);
    expect(parseHostKey(`${kind} ${base64}`)?.blob.equals(parsed!.blob)).toBe(true);
  });

  it("refuses what is not a host key: no type, a fingerprint, another type's label, garbage", () => {
    const [, base64] = hostKey("ed25519").split(" ");
    for (const bad of [base64, "SHA256:abcdefghijklmnop", `ssh-rsa ${base64}`, "ssh-ed25519 not*base64", ""])
      expect(parseHostKey(bad)).toBeUndefined();
  });

  it("a client is not made for an unpinnable key: the error names the key given", () => {
    expect(() => sshDocker({ address: "203.0.113.10", user: "ubuntu", privateKey: "k", hostKey: "SHA256:abc" })).toThrow(
      /ssh\.hostKey "SHA256:abc" is not a host key/,
    );
  });
});
