import { expect } from "chai";
import type { RunResult } from "../../scripts/sim/engine";
import { auctionFigures, feedFigures, lossFigures } from "../../scripts/historical/figures";

const E6 = 10n ** 6n;
const E18 = 10n ** 18n;

/** A run with only the fields the figures read (USDC-like debt with 6 decimals, 18-decimal collateral). */
function run(parts: Partial<Record<"liquidations" | "positions", unknown[]>> & { exposure?: object }): RunResult {
  return {
    scenario: {
      tokens: { debt: { decimals: 6 }, collateral: { decimals: 18 } },
      market: { lenderSupply: 1_000_000, collateral: { liquidationThreshold: 0.8 } },
    },
    liquidations: parts.liquidations ?? [],
    positions: parts.positions ?? [],
    exposure: {
      marketPrice: 100,
      badDebt: 0n,
      shortfallAtMarket: 0n,
      underwaterPositions: 0,
      lendersLoss: 0n,
      exploiter: null,
      ...parts.exposure,
    },
  } as unknown as RunResult;
}

const take = (repaid: bigint, seized: bigint, price: number, kind = "auction-take") => ({
  kind,
  debtRepaid: repaid * E6,
  collateralSeized: seized * E18,
  externalPrice: price,
});

describe("historical figures", () => {
  it("near-zero share: takes paying under a tenth of market value, by value; fixed-bonus liquidations ignored", () => {
    const f = auctionFigures(
      run({
        liquidations: [
          take(900n, 10n, 100), // 0.9 of 1,000: near the market
          take(400n, 10n, 100), // 0.4 of 1,000: far below, not near zero
          take(50n, 10n, 100), // 0.05 of 1,000: near zero
          take(0n, 20n, 100), // a zero bid on 2,000
          take(1n, 1_000n, 100, "fixed-bonus"),
        ],
      }),
    );
    expect(f.takes).to.equal(4);
    expect(f.nearZeroTakes).to.equal(2);
    expect(f.takenAtMarket).to.equal(5_000);
    expect(f.nearZeroAtMarket).to.equal(3_000);
    expect(f.nearZeroShare).to.equal(0.6);
    expect(f.farBelowShare).to.equal(0.8);
    expect(f.priceToMarket).to.equal(1_350 / 5_000);
    expect(auctionFigures(run({})).priceToMarket).to.equal(null);
  });

  it("lenders' loss: bad debt plus open shortfall, over the lenders' supply; the exploiter's take", () => {
    const f = lossFigures(
      run({
        exposure: {
          badDebt: 1_000n * E6,
          lendersLoss: 250_000n * E6,
          exploiter: { debtDrawn: 300_000n * E6, profit: 120_000n * E6 },
        },
      }),
    );
    expect(f).to.deep.equal({
      marketSize: 1_000_000,
      badDebt: 1_000,
      lendersLoss: 250_000,
      lendersLossShare: 0.25,
      exploiterBorrowed: 300_000,
      exploiterProfit: 120_000,
    });
  });

  it("feed figures: borrowers' loss from liquidations, positions liquidatable at the market price", () => {
    const f = feedFigures(
      run({
        liquidations: [take(950n, 10n, 100, "fixed-bonus")],
        positions: [
          { endDebt: 800n * E6, endCollateral: 10n * E18 }, // 800 ≤ 10 × 100 × 0.8: not liquidatable
          { endDebt: 801n * E6, endCollateral: 10n * E18 }, // just over
          { endDebt: 0n, endCollateral: 0n },
        ],
      }),
    );
    expect(f.liquidations).to.equal(1);
    expect(f.borrowerLoss).to.equal(50);
    expect(f.liquidatableAtMarket).to.equal(1);
    expect(f.liquidatableDebt).to.equal(801);
  });
});
