import { expect } from "chai";
import { cholesky, correlationProblems } from "../../scripts/sim/scenario/correlation";

const times = (l: number[][]) => l.map((row) => l.map((_, j) => row.reduce((s, x, k) => s + x * l[j][k], 0)));

describe("correlation matrix checks", () => {
  it("cholesky: L Lᵀ gives the matrix back", () => {
    const m = [
      [1, 0.7, 0.2],
      [0.7, 1, -0.1],
      [0.2, -0.1, 1],
    ];
    const r = cholesky(m);
    expect(r.ok).to.equal(true);
    if (!r.ok) return;
    expect(r.lower[0][1]).to.equal(0); // lower-triangular
    const back = times(r.lower);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(back[i][j]).to.be.closeTo(m[i][j], 1e-12);
  });

  it("accepts a semi-definite matrix (perfectly correlated assets) and rejects an indefinite one", () => {
    const semi = cholesky([
      [1, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    expect(semi.ok).to.equal(true);
    const bad = cholesky([
      [1, 0.9, 0.9],
      [0.9, 1, -0.9],
      [0.9, -0.9, 1],
    ]);
    expect(bad).to.deep.include({ ok: false, row: 2 });
    // Zero pivot with a residual below it: [[1,1,1],[1,1,0],[1,0,1]] has a negative eigenvalue.
    expect(
      cholesky([
        [1, 1, 1],
        [1, 1, 0],
        [1, 0, 1],
      ]).ok,
    ).to.equal(false);
  });

  it("reports shape before symmetry before definiteness, each by index", () => {
    expect(correlationProblems([[1]], ["a", "b"])).to.deep.equal([
      { at: [], message: "must have 2 rows, one per asset (a, b); it has 1" },
    ]);
    expect(
      correlationProblems(
        [
          [1, 0.3],
          [0.2, 1],
        ],
        ["a", "b"],
      ),
    ).to.deep.equal([{ at: [1, 0], message: "must equal correlation[0][1] (0.3)", input: 0.2 }]);
    expect(correlationProblems([[1]], ["a"])).to.deep.equal([]);
  });
});
