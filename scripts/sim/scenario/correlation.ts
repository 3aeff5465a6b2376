/** Checks on a correlation matrix: shape, symmetry, unit diagonal and positive semi-definiteness (Cholesky). */

/** Entries closer than this count as equal (symmetry, diagonal); pivots above -this count as zero (semi-definite). */
export const CORRELATION_TOLERANCE = 1e-9;

export interface MatrixProblem {
  /** Indices into the matrix: [] for the whole, [i] for a row, [i, j] for an entry. */
  at: number[];
  message: string;
  input?: unknown;
}

/**
 * Lower-triangular L with L Lᵀ = m for a positive semi-definite m (a zero pivot gives a zero column), or the row
 * whose pivot is negative (the matrix is not positive semi-definite).
 */
export function cholesky(
  m: readonly (readonly number[])[],
): { ok: true; lower: number[][] } | { ok: false; row: number; pivot: number } {
  const n = m.length;
  const lower = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let pivot = m[j][j];
    for (let k = 0; k < j; k++) pivot -= lower[j][k] * lower[j][k];
    if (pivot < -CORRELATION_TOLERANCE) return { ok: false, row: j, pivot };
    const d = pivot > CORRELATION_TOLERANCE ? Math.sqrt(pivot) : 0;
    lower[j][j] = d;
    for (let i = j + 1; i < n; i++) {
      let sum = m[i][j];
      for (let k = 0; k < j; k++) sum -= lower[i][k] * lower[j][k];
      if (d === 0) {
        // A zero pivot: column j is determined by the earlier ones; a residual here means no factorisation exists.
        if (Math.abs(sum) > Math.sqrt(CORRELATION_TOLERANCE)) return { ok: false, row: i, pivot: -Math.abs(sum) };
        lower[i][j] = 0;
      } else lower[i][j] = sum / d;
    }
  }
  return { ok: true, lower };
}

/** Every problem of `m` as the correlation matrix of `names` (in order); [] when it is one. */
export function correlationProblems(m: readonly (readonly number[])[], names: readonly string[]): MatrixProblem[] {
  const n = names.length;
  const list = names.join(", ");
  if (m.length !== n) {
    return [
      { at: [], message: `must have ${n} row${n === 1 ? "" : "s"}, one per asset (${list}); it has ${m.length}` },
    ];
  }
  const problems: MatrixProblem[] = [];
  for (let i = 0; i < n; i++) {
    if (m[i].length !== n) {
      problems.push({
        at: [i],
        message: `must have ${n} ${n === 1 ? "entry" : "entries"}, one per asset (${list}); it has ${m[i].length}`,
      });
    }
  }
  if (problems.length > 0) return problems;
  for (let i = 0; i < n; i++) {
    if (Math.abs(m[i][i] - 1) > CORRELATION_TOLERANCE) {
      problems.push({ at: [i, i], message: `must be 1 (an asset's correlation with itself)`, input: m[i][i] });
    }
    for (let j = 0; j < i; j++) {
      if (Math.abs(m[i][j] - m[j][i]) > CORRELATION_TOLERANCE) {
        problems.push({ at: [i, j], message: `must equal correlation[${j}][${i}] (${m[j][i]})`, input: m[i][j] });
      }
    }
  }
  if (problems.length > 0) return problems;
  const chol = cholesky(m);
  if (!chol.ok) {
    problems.push({
      at: [],
      message:
        `must be positive semi-definite (no set of shocks has these correlations: Cholesky fails at row ${chol.row} ` +
        `(${names[chol.row]}), pivot ${chol.pivot.toPrecision(3)})`,
    });
  }
  return problems;
}
