import { expect } from "chai";
import {
  WAD,
  ammSpot,
  arbitrageTo,
  atomicLiquidation,
  frictionlessBaseline,
  getAmountOut,
  liquidationAmounts,
  positionHealth,
  type BaselineInput,
  type BaselineMarket,
  type BaselinePosition,
} from "../../scripts/measures/baseline";
import { profitMaximizingRepay } from "../../scripts/sim/sizing";
import { Rng } from "../../scripts/sim/random";
import { liquidationAmounts as refAmounts } from "../helpers/lendingMath";

// Collateral 18 decimals, debt 6 decimals (an ETH/USDC market): value = amount × priceWad ÷ 10^30.
const E18 = 10n ** 18n;
const USDC = 10n ** 6n;
const market: BaselineMarket = {
  liquidationThreshold: (85n * WAD) / 100n,
  closeFactor: WAD / 2n,
  fullCloseHealthFactor: (95n * WAD) / 100n,
  liquidationBonusBps: 500n,
  dust: 10n * USDC,
  unitScale: 10n ** 30n,
  feedDecimals: 8,
};
const price = (p: number) => BigInt(p) * WAD;
/** An AMM at `p` debt tokens per collateral token with `depth` debt tokens a side. */
const ammAt = (p: number, depth: number) => ({
  collateral: (BigInt(depth) * E18) / BigInt(p),
  debt: BigInt(depth) * USDC,
  feeBps: 30,
});
const position = (borrower: string, collateral: bigint, debt: bigint): BaselinePosition => ({
  borrower,
  collateral,
  debt,
});
const world = (over: Partial<BaselineInput>): BaselineInput => ({
  positions: [],
  market,
  amm: ammAt(1000, 1_000_000_000),
  oracle: "external",
  shockedPrice: price(1000),
  arbitrage: null,
  minProfit: 0n,
  ...over,
});

describe("frictionless baseline: market and AMM formulas", () => {
  it("getAmountOut is Uniswap V2's at 30 bps (hand-checked)", () => {
    // 1 in, 100/100 reserves: 997 × 100 / (100 × 1000 + 997) = 0.98715...
    expect(getAmountOut(E18, 100n * E18, 100n * E18, 30)).to.equal((997n * E18 * 100n) / (100_000n + 997n) / 1n);
    expect(getAmountOut(0n, 100n, 100n, 30)).to.equal(0n);
  });

  it("health rounds the value and the limit down", () => {
    // 1 ETH at 1,150 with 1,000 debt: limit 977.5, health 0.9775.
    const h = positionHealth(position("a", E18, 1000n * USDC), market, price(1150));
    expect(h.value).to.equal(1150n * USDC);
    expect(h.health).to.equal((9775n * WAD) / 10_000n);
  });

  it("close factor: health in [0.95, 1) repays half the debt, rounded up", () => {
    const p = position("a", E18, 1000n * USDC + 1n);
    const { repaid, seized } = liquidationAmounts(p, market, price(1150), p.debt);
    expect(repaid).to.equal(500n * USDC + 1n); // (1,000,000,001 / 2) rounded up
    // seized = repaid × 1.05 ÷ 1,150 (down)
    expect(seized).to.equal(((500n * USDC + 1n) * 10_500n * 10n ** 30n) / (price(1150) * 10_000n));
  });

  it("below the full-close health factor the whole debt may be repaid", () => {
    // 1 ETH at 1,100 with 1,000 debt: health 0.935 < 0.95; seized 1,050 / 1,100 ETH, 50 left (> dust).
    const { repaid, seized } = liquidationAmounts(position("a", E18, 1000n * USDC), market, price(1100), 2n ** 255n);
    expect(repaid).to.equal(1000n * USDC);
    expect(seized).to.equal(954_545_454_545_454_545n);
  });

  it("toxic position: takes the whole balance for a repayment rounded up, the rest is bad debt", () => {
    // 1 ETH at 1,000 with 1,000 debt: worth less than debt × 1.05; all of it for 1,000 / 1.05 = 952.380952.38 up.
    const { repaid, seized } = liquidationAmounts(position("a", E18, 1000n * USDC), market, price(1000), 2n ** 255n);
    expect(seized).to.equal(E18);
    expect(repaid).to.equal(952_380_953n);
  });

  it("dust: a repayment leaving less than the dust repays everything", () => {
    const p = position("a", E18, 1000n * USDC);
    expect(liquidationAmounts(p, market, price(1100), 995n * USDC).repaid).to.equal(1000n * USDC);
  });

  it("arbitrage brings the spot to the target as the arbitrageur computes it (fee-adjusted, within 0.1%)", () => {
    const down = ammAt(2000, 2_000_000);
    const sold = arbitrageTo(down, price(1500), market.unitScale);
    expect(sold < 0n).to.equal(true);
    const spotDown = Number(ammSpot(down, market.unitScale)) / 1e18;
    expect(spotDown).to.be.closeTo(1500, 1500 * 1e-3);
    const up = ammAt(1000, 2_000_000);
    expect(arbitrageTo(up, price(1500), market.unitScale) > 0n).to.equal(true);
    expect(Number(ammSpot(up, market.unitScale)) / 1e18).to.be.closeTo(1500, 1500 * 1e-3);
  });

  it("an atomic keeper sizes to the AMM's depth and never takes a loss", () => {
    // Thin AMM (200k a side at 1,000): the full 20,000 debt would sell at a loss; the optimum is partial.
    const p = position("a", 20n * E18, 19_000n * USDC);
    const amm = ammAt(1000, 200_000);
    const max = liquidationAmounts(p, market, price(1000), p.debt);
    const step = atomicLiquidation(p, market, price(1000), amm, 0n)!;
    const best = profitMaximizingRepay(max.seized, max.repaid, amm, 30);
    expect(step.repaid).to.equal(best);
    expect(step.repaid < max.repaid).to.equal(true);
    expect(step.proceeds >= step.repaid).to.equal(true);
    expect(step.proceeds).to.equal(getAmountOut(step.seized, amm.collateral, amm.debt, 30));
  });
});

describe("frictionless baseline: the fixed point", () => {
  it("one position below the full-close factor, deep AMM: one liquidation, no bad debt", () => {
    const r = frictionlessBaseline(
      world({ positions: [position("a", E18, 1000n * USDC)], shockedPrice: price(1100), amm: ammAt(1100, 1e9) }),
    );
    expect(r.liquidations).to.equal(1);
    expect(r.totalRepaid).to.equal(1000n * USDC);
    expect(r.totalSeized).to.equal(954_545_454_545_454_545n);
    expect(r.badDebt).to.equal(0n);
    expect(r.settled).to.equal(true);
    expect(r.rounds).to.equal(1);
  });

  it("a toxic position: the shortfall is bad debt", () => {
    const r = frictionlessBaseline(world({ positions: [position("a", E18, 1000n * USDC)] }));
    expect(r.totalRepaid).to.equal(952_380_953n);
    expect(r.badDebt).to.equal(1000n * USDC - 952_380_953n);
  });

  it("close factor: one half-liquidation restores health, so it stops there", () => {
    const r = frictionlessBaseline(
      world({ positions: [position("a", E18, 1000n * USDC)], shockedPrice: price(1150), amm: ammAt(1150, 1e9) }),
    );
    expect(r.liquidations).to.equal(1);
    expect(r.totalRepaid).to.equal(500n * USDC);
  });

  it("no liquidation when the AMM pays less than the liquidation price (atomic keepers would revert)", () => {
    // Oracle at 1,100 but no arbitrage: the AMM still pays ~1,000, below 1,100 / 1.05 plus the fee.
    const r = frictionlessBaseline(
      world({ positions: [position("a", E18, 1000n * USDC)], shockedPrice: price(1100), amm: ammAt(1000, 1e9) }),
    );
    expect(r.liquidations).to.equal(0);
    expect(r.finalAmmPrice).to.equal(r.initialAmmPrice);
  });

  it("with arbitrage the AMM first follows the shock, then liquidations sell into it", () => {
    const r = frictionlessBaseline(
      world({
        positions: [position("a", E18, 1000n * USDC)],
        shockedPrice: price(1100),
        amm: ammAt(2000, 1e9),
        arbitrage: { depth: 10n ** 24n, impactModel: "exponential" },
      }),
    );
    expect(r.liquidations).to.equal(1);
    expect(Number(r.initialAmmPrice) / 1e18).to.be.closeTo(2000, 1e-6);
    expect(Number(r.minAmmPrice) / 1e18).to.be.closeTo(1100, 1100 * 1e-3);
  });

  it("live AMM-spot oracle: a sale that drops the spot makes the next position liquidatable (a spiral)", () => {
    // a: health 0.935 at 1,100. b: 1 ETH, 920 debt, health 1.016 at 1,100, liquidatable below 1,082.35.
    const positions = [position("a", 10n * E18, 10_000n * USDC), position("b", E18, 920n * USDC)];
    const amm = ammAt(1100, 500_000);
    const spiral = frictionlessBaseline(world({ positions, shockedPrice: price(1100), amm, oracle: "amm-spot" }));
    // b is taken in the round a's sale made it liquidatable (a second pass), not after it.
    expect(spiral.rounds).to.equal(1);
    expect(spiral.records.map((x) => [x.round, x.borrower])).to.deep.equal([
      [1, "a"],
      [1, "b"],
    ]);
    expect(Number(spiral.finalOraclePrice) / 1e18 < 1082.35).to.equal(true);
    // With arbitrage holding the external price at 1,100, b is still taken: before the round's arbitrage refills
    // the AMM above b's liquidation price.
    const arbitrage = { depth: 10n ** 15n * USDC, impactModel: "linear" as const };
    const refilled = frictionlessBaseline(
      world({ positions, shockedPrice: price(1100), amm, oracle: "amm-spot", arbitrage }),
    );
    expect(refilled.records.map((x) => [x.round, x.borrower])).to.deep.equal([
      [1, "a"],
      [1, "b"],
    ]);
    expect(Number(refilled.finalAmmPrice) / 1e18).to.be.closeTo(1100, 1100 * 3e-3);
    // The same world with an external oracle stops after a.
    const fixed = frictionlessBaseline(world({ positions, shockedPrice: price(1100), amm }));
    expect(fixed.records.map((x) => x.borrower)).to.deep.equal(["a"]);
  });

  it("conserves: the AMM's product never falls and repaid + bad debt + debt left = debt at start", () => {
    const positions = Array.from({ length: 30 }, (_, i) =>
      position(`p${i}`, E18 * BigInt(1 + (i % 4)), BigInt(800 + 7 * i) * USDC * BigInt(1 + (i % 4))),
    );
    const input = world({ positions, shockedPrice: price(1000), amm: ammAt(1000, 300_000), oracle: "amm-spot" });
    const r = frictionlessBaseline(input);
    expect(r.liquidations > 0).to.equal(true);
    const k0 = input.amm.collateral * input.amm.debt;
    const last = { ...input.amm };
    for (const x of r.records) {
      last.collateral += x.seized;
      last.debt -= x.proceeds;
      expect(last.collateral * last.debt >= k0).to.equal(true);
      expect(x.proceeds >= x.repaid).to.equal(true);
    }
    expect(ammSpot(last, market.unitScale)).to.equal(r.finalAmmPrice);
    // Input positions are untouched (the function is pure).
    expect(positions[0].debt).to.equal(800n * USDC);
  });
});

describe("frictionless baseline: against the reference model the market's tests check", () => {
  it("liquidationAmounts equals test/helpers/lendingMath's on 2,000 seeded random positions and decimals", () => {
    const rng = new Rng("baseline/amounts");
    const int = (lo: number, hi: number) => lo + Math.floor(rng.uniform() * (hi - lo + 1));
    for (let n = 0; n < 2000; n++) {
      const collDec = [6, 8, 18][int(0, 2)];
      const debtDec = [6, 18][int(0, 1)];
      const feedDecimals = 8;
      const answer = BigInt(int(1, 5_000_000)) * 10n ** BigInt(int(0, 5));
      const price = answer * 10n ** BigInt(18 - feedDecimals);
      const m: BaselineMarket = {
        liquidationThreshold: BigInt(int(50, 95)) * 10n ** 16n,
        closeFactor: BigInt(int(10, 100)) * 10n ** 16n,
        fullCloseHealthFactor: BigInt(int(50, 100)) * 10n ** 16n,
        liquidationBonusBps: BigInt(int(0, 1500)),
        dust: BigInt(int(0, 100)) * 10n ** BigInt(debtDec),
        unitScale: 10n ** BigInt(collDec + 18 - debtDec),
        feedDecimals,
      };
      const p = position("x", BigInt(int(1, 1e9)) * 10n ** BigInt(int(0, collDec)), 0n);
      const { value } = positionHealth(p, m, price);
      // Debt around the liquidation limit, so every branch (close factor, full close, toxic, dust) is hit.
      p.debt = (value * BigInt(int(50, 130))) / 100n + 1n;
      const { health } = positionHealth(p, m, price);
      const requested = rng.uniform() < 0.3 ? 2n ** 200n : (p.debt * BigInt(int(1, 100))) / 100n + 1n;
      const ours = liquidationAmounts(p, m, price, requested);
      const ref = refAmounts({
        debt: p.debt,
        health: health!,
        collateralValue: value,
        balance: p.collateral,
        decimals: collDec,
        answer,
        feedDecimals,
        bonusBps: m.liquidationBonusBps,
        closeFactor: m.closeFactor,
        fullCloseHealthFactor: m.fullCloseHealthFactor,
        dust: m.dust,
        requested,
        debtDecimals: debtDec,
      });
      expect(ours, `case ${n}`).to.deep.equal(ref);
    }
  });
});
