/**
 * Seeded pseudo-random numbers: reproducible runs, independent sub-streams for parallel workers, and
 * Latin hypercube sampling for parameter sweeps.
 *
 * Generator: xoshiro128** (Blackman & Vigna, "Scrambled linear pseudorandom number generators", ACM TOMS
 * 47(4), 2021), 128 bits of state, period 2^128 − 1. The state is filled from a 64-bit key by the
 * splitmix32 construction (a Weyl sequence passed through the MurmurHash3 32-bit finaliser), so nearby
 * seeds (0, 1, 2, …) give unrelated sequences.
 */
import { usageError } from "./errors.js";

/** A seeded source of random numbers. Not thread-safe; give each worker its own `fork`. */
export interface Rng {
  /** A uniform double in [0, 1) with 53 random bits. */
  next(): number;
  /** A uniform double in [a, b). */
  uniform(a: number, b: number): number;
  /** A normal (Gaussian) deviate with mean `mu` and standard deviation `sigma` (default 0, 1). */
  normal(mu?: number, sigma?: number): number;
  /** exp(N(mu, sigma)): `mu` and `sigma` are the mean and standard deviation of the logarithm. */
  lognormal(mu?: number, sigma?: number): number;
  /** A uniform integer in [a, b], both ends included. */
  int(a: number, b: number): number;
  /**
   * An independent generator for sub-stream `stream` (a non-negative integer). The result depends only
   * on this generator's seed (and fork path) and `stream`, never on how many numbers were drawn, so
   * worker k can always re-create its stream with `createRng(seed).fork(k)`.
   */
  fork(stream: number): Rng;
}

const TWO_POW_32 = 4294967296;
const TWO_POW_NEG_53 = 1 / 9007199254740992;

/** MurmurHash3's 32-bit finaliser: a bijective avalanche mix of one 32-bit word. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const rotl = (x: number, k: number): number => (x << k) | (x >>> (32 - k));

class Xoshiro128ss implements Rng {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private spare = 0;
  private hasSpare = false;

  constructor(
    private readonly keyLo: number,
    private readonly keyHi: number,
  ) {
    // Two splitmix32 chains, one per key word, fill the four state words: distinct keys give distinct
    // states.
    let a = keyLo >>> 0;
    let b = (keyHi ^ 0x6a09e667) >>> 0;
    a = (a + 0x9e3779b9) >>> 0;
    this.s0 = fmix32(a);
    a = (a + 0x9e3779b9) >>> 0;
    this.s1 = fmix32(a);
    b = (b + 0x7f4a7c15) >>> 0;
    this.s2 = fmix32(b ^ this.s0);
    b = (b + 0x7f4a7c15) >>> 0;
    this.s3 = fmix32(b ^ this.s1);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the one forbidden state
  }

  /** The next 32 random bits as an unsigned integer. */
  private nextUint32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) * TWO_POW_NEG_53;
  }

  uniform(a: number, b: number): number {
    if (!Number.isFinite(a) || !Number.isFinite(b) || b < a) {
      usageError("uniform", `need finite a <= b, got a=${a}, b=${b}`);
    }
    return a + (b - a) * this.next();
  }

  normal(mu = 0, sigma = 1): number {
    if (!(sigma >= 0)) usageError("normal", `sigma must be >= 0, got ${sigma}`);
    let z: number;
    if (this.hasSpare) {
      this.hasSpare = false;
      z = this.spare;
    } else {
      // Box–Muller transform (Box & Muller 1958); 1 - u lies in (0, 1] so the log is finite.
      const r = Math.sqrt(-2 * Math.log(1 - this.next()));
      const phi = 2 * Math.PI * this.next();
      z = r * Math.cos(phi);
      this.spare = r * Math.sin(phi);
      this.hasSpare = true;
    }
    return mu + sigma * z;
  }

  lognormal(mu = 0, sigma = 1): number {
    return Math.exp(this.normal(mu, sigma));
  }

  int(a: number, b: number): number {
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b < a) {
      usageError("int", `need integers a <= b, got a=${a}, b=${b}`);
    }
    return a + Math.floor(this.next() * (b - a + 1));
  }

  fork(stream: number): Rng {
    if (!Number.isSafeInteger(stream) || stream < 0) {
      usageError("fork", `stream must be a non-negative integer, got ${stream}`);
    }
    const sLo = stream >>> 0;
    const sHi = Math.floor(stream / TWO_POW_32) >>> 0;
    const lo = fmix32((this.keyLo ^ fmix32((sLo + 0x3c6ef372) >>> 0)) >>> 0);
    const hi = fmix32((this.keyHi ^ fmix32((sHi ^ 0xbb67ae85) >>> 0) ^ lo) >>> 0);
    return new Xoshiro128ss((lo ^ 0xa54ff53a) >>> 0, hi);
  }
}

/**
 * Creates a generator from an integer seed (any safe integer, negative allowed). Equal seeds give equal
 * sequences on every platform.
 */
export function createRng(seed: number): Rng {
  if (!Number.isSafeInteger(seed)) usageError("createRng", `seed must be a safe integer, got ${seed}`);
  return new Xoshiro128ss(seed >>> 0, Math.floor(seed / TWO_POW_32) >>> 0);
}

const BELOW_ONE = 1 - Number.EPSILON / 2;

/**
 * Latin hypercube sample of `n` points in the unit cube [0, 1)^dims (McKay, Beckman & Conover,
 * Technometrics 21, 1979): along every dimension each of the `n` equal strata holds exactly one point,
 * placed uniformly at random inside its stratum; strata are paired across dimensions by independent
 * random permutations (Fisher–Yates). Returns `n` rows of `dims` coordinates.
 */
export function latinHypercube(n: number, dims: number, rng: Rng): number[][] {
  if (!Number.isSafeInteger(n) || n < 0) usageError("latinHypercube", `n must be an integer >= 0, got ${n}`);
  if (!Number.isSafeInteger(dims) || dims < 1) {
    usageError("latinHypercube", `dims must be an integer >= 1, got ${dims}`);
  }
  const points: number[][] = [];
  for (let i = 0; i < n; i++) points.push(new Array<number>(dims).fill(0));
  const perm = new Int32Array(n);
  for (let d = 0; d < dims; d++) {
    for (let i = 0; i < n; i++) perm[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(rng.next() * (i + 1));
      const tmp = perm[i] as number;
      perm[i] = perm[j] as number;
      perm[j] = tmp;
    }
    for (let i = 0; i < n; i++) {
      const v = ((perm[i] as number) + rng.next()) / n;
      (points[i] as number[])[d] = v < 1 ? v : BELOW_ONE;
    }
  }
  return points;
}
