/**
 * Names the compose import gives: a compose name as a crossarch name, and the config key of a
 * secret it asks the user to set.
 */

/** A compose name as a crossarch name: lowercase, `_` and `.` as `-`, no doubled or edge `-`. */
export function crossarchName(s: string): string {
  const n = s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^-|-$/g, "");
  return /^[a-z]/.test(n) ? n.slice(0, 32) : `s-${n}`.slice(0, 32);
}

/** `DATABASE_URL` of `web` -> `webDatabaseUrl`. */
export function configKey(...parts: string[]): string {
  const words = parts.flatMap((p) => p.split(/[^A-Za-z0-9]+/)).filter(Boolean);
  return words.map((w, i) => (i === 0 ? w.toLowerCase() : w[0].toUpperCase() + w.slice(1).toLowerCase())).join("");
}
