import { expect } from "chai";
import fc from "fast-check";
import { isqrt, profitMaximizingRepay } from "../../scripts/sim/sizing";

/** The keeper's profit for a repayment r: the seized collateral sold at the pool's reserves, minus r. */
const profit = (r: bigint, seized: bigint, repaid: bigint, x: bigint, y: bigint, fee: bigint) => {
  const s = (r * seized) / repaid;
  const inWithFee = s * (10_000n - fee);
  return (inWithFee * y) / (x * 10_000n + inWithFee) - r;
};

describe("keeper sizing against AMM depth", () => {
  it("isqrt is the floor square root", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 2n ** 200n }), (n) => {
        const r = isqrt(n);
        expect(r * r <= n && (r + 1n) * (r + 1n) > n).to.equal(true);
      }),
    );
  });

  it("the repayment it picks earns at least as much as any other on a grid, and is zero when nothing pays", () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 10n ** 18n, max: 10n ** 24n }), // collateral reserve (18 decimals)
        fc.bigInt({ min: 10n ** 9n, max: 10n ** 14n }), // debt reserve (6 decimals)
        fc.integer({ min: 1_000, max: 3_000 }), // liquidation price, debt per collateral
        fc.integer({ min: 0, max: 1_500 }), // bonus bps
        fc.integer({ min: 0, max: 100 }), // fee bps
        (x, y, price, bonus, feeBps) => {
          const repaid = 10n ** 12n; // 1M USDC
          const seized = (repaid * BigInt(10_000 + bonus) * 10n ** 12n) / (BigInt(price) * 10_000n);
          const fee = BigInt(feeBps);
          const best = profitMaximizingRepay(seized, repaid, { collateral: x, debt: y }, feeBps);
          const at = (r: bigint) => profit(r, seized, repaid, x, y, fee);
          if (best === 0n) {
            expect(at(repaid / 1_000n)).to.be.lte(0n); // a small repayment does not pay either
            return;
          }
          const bestProfit = at(best);
          expect(bestProfit).to.be.gte(0n);
          for (const f of [1n, 5n, 10n, 50n, 90n, 99n, 101n, 110n, 150n, 200n, 1_000n]) {
            const r = (best * f) / 100n;
            if (r > 0n) expect(bestProfit + 2n, `r = ${f}% of best`).to.be.gte(at(r)); // 2 units of rounding
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
