import { expect } from "chai";
import { type MarketBook, basketState } from "../../scripts/measures/system-book";
import {
  aggregateLeverage,
  collateralAtRisk,
  droppedPrices,
  dropsUpTo,
  systemCollateralAtRisk,
} from "../../scripts/measures/system-risk";
import { liquidatableCurve } from "../../scripts/sim/liquidatable-curve";
import { borrowersFromScenario } from "../../scripts/sim/population";
import { loadPreset } from "../../scripts/sim/presets";
import { Rng } from "../../scripts/sim/random";
import { WAD, fromFixedUnits, toWad } from "../../scripts/sim/wad";

const USDC = 10n ** 6n;
const ETH = 10n ** 18n;
const pct = (n: number) => (WAD * BigInt(n)) / 100n;

/** eth (threshold 0.8) and steth (0.75), 18 decimals each, debt 6 decimals. */
const basketBook = (positions: MarketBook["positions"], id = "main"): MarketBook => ({
  id,
  debtDecimals: 6,
  collaterals: [
    { asset: "eth", decimals: 18, liquidationThreshold: pct(80) },
    { asset: "steth", decimals: 18, liquidationThreshold: pct(75) },
  ],
  positions,
});
const prices = { eth: 2000n * WAD, steth: 2000n * WAD };

describe("system measures: collateral at risk and aggregate leverage", () => {
  for (const [preset, startPrice] of [
    ["liquidatable-curve", 2000],
    ["default", 2000.1],
    ["thin-liquidity", 1234.5678],
  ] as const) {
    it(`a single-collateral book gives liquidatable-curve.ts's curve exactly (${preset}, price ${startPrice})`, () => {
      const s = loadPreset(preset);
      const shocks = [0, ...dropsUpTo(30), 33.3, 50];
      const expected = liquidatableCurve(s, startPrice, shocks);
      const book: MarketBook = {
        id: "main",
        debtDecimals: s.tokens.debt.decimals,
        collaterals: [
          {
            asset: "collateral",
            decimals: s.tokens.collateral.decimals,
            liquidationThreshold: toWad(s.market.collateral.liquidationThreshold),
          },
        ],
        positions: borrowersFromScenario(s, startPrice).map((b) => ({
          account: `borrower/${b.index}`,
          debt: b.debt,
          collateral: { collateral: b.collateral },
        })),
      };
      const mine = collateralAtRisk(book, { collateral: startPrice }, "collateral", shocks);
      expect(
        mine.map((p) => [p.dropPct, p.positions, fromFixedUnits(p.debt, book.debtDecimals), p.debtShare]),
      ).to.deep.equal(expected.map((p) => [p.shockPct, p.positions, p.debt, p.debtShare]));
      expect(mine[mine.length - 1].positions).to.be.greaterThan(mine[0].positions);
    });
  }

  it("baskets: a position falls below 1 at the drop its basket's limits give, whichever asset drops", () => {
    // Limit at the start: 1,600 (eth) + 1,500 (steth) = 3,100; debt 2,952.380952 → health 1.05.
    const mixed = { account: "mixed", debt: 2_952_380_952n, collateral: { eth: ETH, steth: ETH } };
    // eth only: 1,600 ÷ 1,500 → below 1 once eth is down more than 6.25%.
    const ethOnly = { account: "eth-only", debt: 1500n * USDC, collateral: { eth: ETH } };
    // steth only, already below 1 (1,500 ÷ 1,600).
    const underwater = { account: "underwater", debt: 1600n * USDC, collateral: { steth: ETH } };
    const book = basketBook([mixed, ethOnly, underwater]);
    const drops = [0, 6, 6.25, 7, 9, 10];
    const eth = collateralAtRisk(book, prices, "eth", drops);
    // mixed falls once 1,600 × (1 − x) + 1,500 < 2,952.380952, i.e. x > 9.226%.
    expect(eth.map((p) => p.positions)).to.deep.equal([1, 1, 1, 2, 2, 3]);
    expect(eth[3].debt).to.equal(3100n * USDC);
    expect(eth[3].collateralValue).to.equal(1860n * USDC + 2000n * USDC); // eth at 1,860, steth at 2,000
    expect(eth[5].debt).to.equal(3100n * USDC + 2_952_380_952n);
    expect(eth[5].debtShare).to.equal(1);
    const steth = collateralAtRisk(book, prices, "steth", [9, 10]);
    // mixed falls once 1,500 × (1 − x) < 1,352.380952, i.e. x > 9.84%; eth-only never does.
    expect(steth.map((p) => p.positions)).to.deep.equal([1, 2]);
    expect(steth[1].collateralValue).to.equal(1800n * USDC + 2000n * USDC + 1800n * USDC);
  });

  it("revaluing only the dropped holding gives basketState's health at the dropped prices, on random baskets", () => {
    const rng = new Rng("at-risk");
    const book = basketBook(
      Array.from({ length: 400 }, (_, i) => ({
        account: `p${i}`,
        debt: BigInt(rng.int(3_000_000_000)),
        collateral: {
          eth: rng.bernoulli(0.3) ? 0n : BigInt(rng.int(1e9)) * 10n ** 9n + 1n,
          steth: rng.bernoulli(0.3) ? 0n : BigInt(rng.int(1e9)) * 10n ** 9n + 3n,
        },
      })),
    );
    const mixed = { eth: 1999.99, steth: 1987n * WAD + 123n };
    for (const asset of ["eth", "steth"]) {
      const drops = [0, ...dropsUpTo(25), 12.5];
      const curve = collateralAtRisk(book, mixed, asset, drops);
      drops.forEach((d, i) => {
        const dropped = droppedPrices(mixed, asset, d);
        const below = book.positions.filter((p) => p.debt > 0n && basketState(book, p, dropped).health < WAD);
        expect(curve[i].positions).to.equal(below.length);
        expect(curve[i].debt).to.equal(below.reduce((a, p) => a + p.debt, 0n));
        expect(curve[i].collateralValue).to.equal(below.reduce((a, p) => a + basketState(book, p, dropped).value, 0n));
      });
      expect(curve[25].positions).to.be.greaterThan(curve[0].positions);
    }
  });

  it("the system curve sums the markets' curves; its debt share is over the whole system's debt", () => {
    const a = basketBook([{ account: "x", debt: 1500n * USDC, collateral: { eth: ETH } }], "a");
    const b = basketBook([{ account: "x", debt: 1000n * USDC, collateral: { steth: ETH } }], "b");
    const [eth, steth] = systemCollateralAtRisk(
      [
        { book: a, prices },
        { book: b, prices },
      ],
      ["eth", "steth"],
      dropsUpTo(40),
    );
    expect(eth.markets.a[6].positions).to.equal(1); // 7%
    expect(eth.markets.b[39].positions).to.equal(0);
    expect(eth.system[6]).to.deep.include({ positions: 1, debt: 1500n * USDC, debtShare: 0.6 });
    // b: 1,500 × (1 − x) < 1,000 → x > 33.3%.
    expect(steth.system[32].positions).to.equal(0);
    expect(steth.system[33]).to.deep.include({ dropPct: 34, positions: 1, debt: 1000n * USDC, debtShare: 0.4 });
    expect(() =>
      systemCollateralAtRisk(
        [
          { book: a, prices },
          { book: a, prices },
        ],
        ["eth"],
        [1],
      ),
    ).to.throw(RangeError, "market a is listed twice");
  });

  it("aggregate leverage: Σ debt ÷ Σ collateral value at each market's own oracle prices", () => {
    const a = basketBook([
      { account: "x", debt: 1000n * USDC, collateral: { eth: ETH } },
      { account: "y", debt: 0n, collateral: { steth: ETH / 2n } },
    ]);
    const b = basketBook([{ account: "x", debt: 500n * USDC, collateral: { steth: ETH / 4n } }], "b");
    const lev = aggregateLeverage([
      { book: a, prices },
      { book: b, prices: { steth: 2000n * WAD } },
    ]);
    expect(lev.markets.main).to.deep.equal({ debt: 1000n * USDC, collateralValue: 3000n * USDC, leverage: 1 / 3 });
    expect(lev.markets.b).to.deep.equal({ debt: 500n * USDC, collateralValue: 500n * USDC, leverage: 1 });
    expect(lev.system).to.deep.equal({
      debt: 1500n * USDC,
      collateralValue: 3500n * USDC,
      leverage: 0.428571428571428571,
    });
    expect(aggregateLeverage([]).system.leverage).to.equal(0);
    const empty = basketBook([{ account: "z", debt: 1n, collateral: {} }]);
    expect(aggregateLeverage([{ book: empty, prices }]).system.leverage).to.equal(Infinity);
  });

  it("dropped prices: numbers as the single-asset curve drops them, WAD prices rounded down", () => {
    expect(droppedPrices({ eth: 2000, steth: 1999.5 }, "eth", 10)).to.deep.equal({
      eth: toWad(2000 * (1 - 10 / 100)),
      steth: toWad(1999.5),
    });
    expect(droppedPrices({ eth: 2000n * WAD, steth: 3n * WAD }, "steth", 25)).to.deep.equal({
      eth: 2000n * WAD,
      steth: 2_250_000_000_000_000_000n,
    });
    expect(droppedPrices({ eth: 7n }, "eth", 50)).to.deep.equal({ eth: 3n });
    expect(() => droppedPrices(prices, "eth", 101)).to.throw(RangeError, "in [0, 100]");
  });
});
