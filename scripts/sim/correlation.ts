/**
 * Correlation matrices for the multi-asset paths: validation (square, symmetric, unit diagonal, entries in [−1, 1],
 * positive semi-definite) and the Cholesky factor L (lower triangular, L × Lᵀ = C) that turns independent standard
 * normal shocks ε into correlated ones z = L × ε. Pure; floats (a correlation is a model input, not an amount).
 */

/** How far a float may stray from the exact value and still count (symmetry, unit diagonal, zero pivots). */
export const CORRELATION_TOLERANCE = 1e-9;

/** A correlation matrix that cannot be used; `row`/`col` name the offending entry (0-based, in `assets[]` order). */
export class CorrelationError extends RangeError {
  constructor(
    readonly row: number,
    readonly col: number,
    problem: string,
  ) {
    super(`correlation[${row}][${col}]: ${problem}`);
    this.name = "CorrelationError";
  }
}

/** Throws a `CorrelationError` (a RangeError) naming the first entry that makes `c` no n × n correlation matrix. */
export function validateCorrelationShape(c: readonly (readonly number[])[], n: number): void {
  if (c.length !== n) throw new CorrelationError(c.length, 0, `expected ${n} rows (one per asset), got ${c.length}`);
  for (let i = 0; i < n; i++) {
    if (c[i].length !== n) throw new CorrelationError(i, c[i].length, `row ${i} has ${c[i].length} entries, not ${n}`);
    for (let j = 0; j < n; j++) {
      const v = c[i][j];
      if (!Number.isFinite(v) || v < -1 - CORRELATION_TOLERANCE || v > 1 + CORRELATION_TOLERANCE) {
        throw new CorrelationError(i, j, `must be a number in [-1, 1], got ${v}`);
      }
    }
    if (Math.abs(c[i][i] - 1) > CORRELATION_TOLERANCE) {
      throw new CorrelationError(i, i, `the diagonal must be 1, got ${c[i][i]}`);
    }
    for (let j = 0; j < i; j++) {
      if (Math.abs(c[i][j] - c[j][i]) > CORRELATION_TOLERANCE) {
        throw new CorrelationError(i, j, `not symmetric: ${c[i][j]} here, ${c[j][i]} at [${j}][${i}]`);
      }
    }
  }
}

/**
 * The Cholesky factor of a validated correlation matrix, semi-definite allowed: a zero pivot (a perfectly
 * correlated asset) gets a zero column, provided the entries below it are zero too. Throws a `CorrelationError`
 * naming the entry at which the factorisation shows the matrix is not positive semi-definite, or the first entry
 * that makes it no n × n correlation matrix (`n` = the number of assets).
 */
export function choleskyFactor(c: readonly (readonly number[])[], n = c.length): number[][] {
  validateCorrelationShape(c, n);
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let pivot = c[j][j];
    for (let k = 0; k < j; k++) pivot -= l[j][k] * l[j][k];
    if (pivot < -CORRELATION_TOLERANCE) {
      throw new CorrelationError(j, j, `not positive semi-definite (Cholesky pivot ${pivot} < 0)`);
    }
    const diag = pivot > CORRELATION_TOLERANCE ? Math.sqrt(pivot) : 0;
    l[j][j] = diag;
    for (let i = j + 1; i < n; i++) {
      let rest = c[i][j];
      for (let k = 0; k < j; k++) rest -= l[i][k] * l[j][k];
      if (diag === 0) {
        if (Math.abs(rest) > CORRELATION_TOLERANCE) {
          throw new CorrelationError(i, j, `not positive semi-definite (zero pivot at [${j}][${j}], residual ${rest})`);
        }
        continue;
      }
      l[i][j] = rest / diag;
    }
  }
  return l;
}

/** z = L × ε for a lower-triangular L (only entries j ≤ i are read, so a 1 × 1 identity returns ε exactly). */
export function correlate(l: readonly (readonly number[])[], eps: readonly number[]): number[] {
  return l.map((row, i) => {
    let z = 0;
    for (let j = 0; j <= i; j++) z += row[j] * eps[j];
    return z;
  });
}

/** The identity correlation (independent assets). */
export const identityCorrelation = (n: number): number[][] =>
  Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
