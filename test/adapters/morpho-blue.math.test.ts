/**
 * The pure transcription of Morpho Blue's liquidation arithmetic (scripts/adapters/morpho-blue/math.ts) against
 * hand-computed values; the conformance test checks the same figures against Morpho's bytecode.
 */
import { expect } from "chai";
import fc from "fast-check";
import {
  MAX_LIQUIDATION_INCENTIVE_FACTOR,
  WAD,
  healthWad,
  liquidateOutcome,
  liquidationIncentiveFactor,
  liquidationInputFor,
  mulDivUp,
  toAssetsUp,
  toSharesDown,
  wTaylorCompounded,
} from "../../scripts/adapters/morpho-blue/math";

const wad = (x: number) => BigInt(Math.round(x * 1000)) * 10n ** 15n;

describe("Morpho Blue math", function () {
  it("liquidation incentive factor: min(1.15, 1/(1 - 0.3 (1 - LLTV))), rounded down", function () {
    expect(liquidationIncentiveFactor(wad(0.8))).to.equal(1063829787234042553n); // floor(1e36 / 0.94e18)
    expect(liquidationIncentiveFactor(wad(0.945))).to.equal(1016776817488561260n); // floor(1e36 / 0.9835e18)
    // Capped below LLTV ~0.5652: at 0.5 it would be 1/0.85 = 1.176...
    expect(liquidationIncentiveFactor(wad(0.5))).to.equal(MAX_LIQUIDATION_INCENTIVE_FACTOR);
    expect(liquidationIncentiveFactor(wad(0.566))).to.be.below(MAX_LIQUIDATION_INCENTIVE_FACTOR);
    expect(liquidationIncentiveFactor(wad(0.565))).to.equal(MAX_LIQUIDATION_INCENTIVE_FACTOR);
  });

  it("wTaylorCompounded: three terms, each rounded down", function () {
    expect(wTaylorCompounded(10n ** 9n, 2000n)).to.equal(2_000_002_000_001n); // 2e12 + 2e6 + floor(4/3)
    expect(wTaylorCompounded(0n, 2000n)).to.equal(0n);
  });

  it("share conversions round as named (virtual 1e6 shares, 1 asset)", function () {
    expect(toSharesDown(1n, 0n, 0n)).to.equal(10n ** 6n);
    expect(toAssetsUp(1n, 0n, 0n)).to.equal(1n); // ceil(1 x 1 / 1e6)
    expect(mulDivUp(1n, 1n, 3n)).to.equal(1n);
  });

  const m = {
    totalSupplyAssets: 10_000n * 10n ** 6n,
    totalBorrowAssets: 1_500n * 10n ** 6n,
    totalBorrowShares: 1_500n * 10n ** 12n,
  };
  const p = { borrowShares: 1_500n * 10n ** 12n, collateral: WAD };
  const lltv = wad(0.8);

  it("health is below 1e18 exactly when _isHealthy is false", function () {
    expect(healthWad(p, m, 2n * 10n ** 27n, lltv)).to.equal(1066666666666666666n);
    // maxBorrow = 1875e6 x 0.8 = 1500e6 = debt: healthy, health exactly 1e18
    expect(healthWad(p, m, 1875n * 10n ** 24n, lltv)).to.equal(WAD);
    expect(healthWad(p, m, 1875n * 10n ** 24n - 10n ** 21n, lltv)).to.be.below(WAD);
    expect(healthWad({ borrowShares: 0n, collateral: 0n }, m, 1n, lltv)).to.equal(2n ** 256n - 1n);
  });

  it("a keeper's input: shares for a repay it can afford, or all the collateral when that is worth less", function () {
    expect(liquidationInputFor(500n * 10n ** 6n, p, m, 18n * 10n ** 26n, lltv)).to.deep.equal({
      seizedAssets: 0n,
      repaidShares: 500n * 10n ** 12n,
    });
    expect(liquidationInputFor(10n ** 12n, p, m, 10n ** 27n, lltv)).to.deep.equal({
      seizedAssets: WAD,
      repaidShares: 0n,
    });
    expect(liquidationInputFor(0n, p, m, 10n ** 27n, lltv)).to.deep.equal({ seizedAssets: 0n, repaidShares: 0n });
    const out = liquidateOutcome({ seizedAssets: WAD, repaidShares: 0n }, p, m, 10n ** 27n, lltv);
    expect(out).to.deep.equal({
      seizedAssets: WAD,
      repaidShares: 940_000_001n * 10n ** 6n,
      repaidAssets: 940_000_001n,
      badDebtAssets: 559_999_999n,
      badDebtShares: 559_999_999n * 10n ** 6n,
    });
  });

  it("never asks Morpho for more shares than the borrower owes nor more collateral than it holds", function () {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 2n * 10n ** 6n }),
        fc.bigInt({ min: 1n, max: 10n ** 18n }),
        fc.bigInt({ min: 1n, max: 10n ** 20n }),
        fc.bigInt({ min: 10n ** 20n, max: 10n ** 40n }),
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.bigInt({ min: 10n ** 16n, max: 99n * 10n ** 16n }),
        (assets, sharesPerAsset, fraction, collateral, price, repay, l) => {
          const totals = {
            totalSupplyAssets: assets,
            totalBorrowAssets: assets,
            totalBorrowShares: assets * sharesPerAsset,
          };
          const borrower = {
            borrowShares: (totals.totalBorrowShares * fraction + 10n ** 18n - 1n) / 10n ** 18n,
            collateral,
          };
          const input = liquidationInputFor(repay, borrower, totals, price, l);
          if (input.seizedAssets === 0n && input.repaidShares === 0n) return;
          const out = liquidateOutcome(input, borrower, totals, price, l);
          expect(out.repaidShares <= borrower.borrowShares).to.equal(true);
          expect(out.seizedAssets <= borrower.collateral).to.equal(true);
          // Never pulls more than asked in the shares input; the collateral input only when shares would seize too much.
          if (input.repaidShares > 0n) expect(out.repaidAssets <= repay).to.equal(true);
        },
      ),
      { seed: 17, numRuns: 300 },
    );
  });
});
