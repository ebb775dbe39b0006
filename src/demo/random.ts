import { generateMersenne53Randomizer } from "@faker-js/faker";

/**
 * Seeded randomness for the demo data. Two kinds, both deterministic for a seed:
 * a stream (`Rng`, Mersenne Twister from faker) for the orders, drawn in sequence, and
 * `hashUnit`, a stateless hash of names, for facts many orders share (a route's departure
 * on one day, a batch's production date) so that every order sees the same value.
 */
export interface Rng {
  /** uniform in [0, 1) */
  next(): number;
  /** integer in [min, max], both included */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** A seeded random stream. */
export function createRng(seed: number | number[]): Rng {
  const randomizer = generateMersenne53Randomizer();
  randomizer.seed(seed);
  return streamOf(() => randomizer.next());
}

function streamOf(next: () => number): Rng {
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]) => {
      const item = items[Math.floor(next() * items.length)];
      if (item === undefined) throw new RangeError("pick from an empty list");
      return item;
    },
  };
}

/**
 * A small random stream (mulberry32) seeded from a hash of the parts: cheap to create, for
 * things drawn from their own coordinates, like one customer among tens of thousands.
 */
export function createHashRng(seed: number, ...parts: (string | number)[]): Rng {
  let state = Math.floor(hashUnit(seed, ...parts) * 0x1_0000_0000);
  const next = () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
  return streamOf(next);
}

/** A value in [0, 1) fixed by the seed and the parts: the same parts always give the same value. */
export function hashUnit(seed: number, ...parts: (string | number)[]): number {
  // FNV-1a over the parts, then a murmur3 finaliser to spread the bits.
  let h = (0x811c9dc5 ^ seed) >>> 0;
  for (const part of parts) {
    const text = String(part);
    for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x7c, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 0x1_0000_0000;
}

/** An integer in [min, max] fixed by the seed and the parts. */
export function hashInt(seed: number, min: number, max: number, ...parts: (string | number)[]): number {
  return min + Math.floor(hashUnit(seed, ...parts) * (max - min + 1));
}

/** Index drawn with the given weights (cumulative weights, ascending, last = total). */
export function pickWeighted(cumulative: readonly number[], u: number): number {
  const target = u * (cumulative[cumulative.length - 1] ?? 0);
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cumulative[mid] ?? 0) > target) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Running sums of weights, for pickWeighted. */
export function cumulate(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

/** A mainland mobile number (手机号), 11 digits. */
export function mobilePhone(rng: Rng): string {
  const prefix = rng.pick(["13", "15", "17", "18", "19", "16"]);
  let rest = "";
  for (let i = 0; i < 9; i++) rest += String(rng.int(0, 9));
  return prefix + rest;
}
