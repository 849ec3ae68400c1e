/** Near misses: the known word closest to a typo (`us-est-1` -> `us-east-1`). */

/** Edit distance between two short strings (namespace typos). */
export function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const next = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = row[j];
      row[j] = next;
    }
  }
  return row[b.length];
}

/** The known word within `max` edits of `given`, closest first, or undefined. */
export function nearestWord(given: string, known: readonly string[], max = 2): string | undefined {
  let best: { word: string; d: number } | undefined;
  for (const word of known) {
    const d = distance(given, word);
    if (d <= max && (!best || d < best.d)) best = { word, d };
  }
  return best?.word;
}
