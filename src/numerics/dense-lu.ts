/**
 * Small dense LU factorisation with partial pivoting, in place on a row-major Float64Array, for the
 * stiff integrator's stage systems (a few unknowns, solved thousands of times: no allocation, no
 * matrix objects). Golub & Van Loan, "Matrix Computations", Algorithm 3.4.1. Internal to numerics.
 */

/**
 * Factorises the n×n matrix `a` (row-major) in place into L (unit lower, below the diagonal) and U,
 * recording row swaps in `piv`. Returns false if a zero or non-finite pivot makes it singular.
 */
export function luFactor(a: Float64Array, n: number, piv: Int32Array): boolean {
  for (let k = 0; k < n; k++) {
    let p = k;
    let big = Math.abs(a[k * n + k] as number);
    for (let i = k + 1; i < n; i++) {
      const v = Math.abs(a[i * n + k] as number);
      if (v > big) {
        big = v;
        p = i;
      }
    }
    piv[k] = p;
    if (!(big > 0) || !Number.isFinite(big)) return false;
    if (p !== k) {
      for (let j = 0; j < n; j++) {
        const tmp = a[k * n + j] as number;
        a[k * n + j] = a[p * n + j] as number;
        a[p * n + j] = tmp;
      }
    }
    const pivot = a[k * n + k] as number;
    for (let i = k + 1; i < n; i++) {
      const l = (a[i * n + k] as number) / pivot;
      a[i * n + k] = l;
      if (l !== 0)
        for (let j = k + 1; j < n; j++)
          a[i * n + j] = (a[i * n + j] as number) - l * (a[k * n + j] as number);
    }
  }
  return true;
}

/** Solves A x = b in place (b becomes x) with the factors from {@link luFactor}. */
export function luSolve(a: Float64Array, n: number, piv: Int32Array, b: Float64Array): void {
  for (let k = 0; k < n; k++) {
    const p = piv[k] as number;
    if (p !== k) {
      const tmp = b[k] as number;
      b[k] = b[p] as number;
      b[p] = tmp;
    }
  }
  for (let i = 1; i < n; i++) {
    let s = b[i] as number;
    for (let j = 0; j < i; j++) s -= (a[i * n + j] as number) * (b[j] as number);
    b[i] = s;
  }
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i] as number;
    for (let j = i + 1; j < n; j++) s -= (a[i * n + j] as number) * (b[j] as number);
    b[i] = s / (a[i * n + i] as number);
  }
}
