import { expect } from "chai";
import { splitImpact } from "../../scripts/measures/contagion-impact";
import {
  type ContagionWorld,
  type LiquidationEvent,
  type MarketRules,
  classifyLiquidation,
  contagion,
} from "../../scripts/measures/contagion";
import type { ExternalMarketParams } from "../../scripts/sim/external-market";
import { WAD, toWad } from "../../scripts/sim/wad";

/*
 * A world where the answer is known by construction. Linear impact, depth 1,000,000 debt tokens, no recovery, every
 * path flat at 2,000. Forced sales in block 2 (debt value):
 * - x: market a sells 100,000 → x's external price 1,800 (−10%) from block 2 on;
 * - y: a and c sell 50,000 each → 1,800; without either alone 1,900; without both 2,000;
 * - w: a and c sell 20,000 each → 1,920; without either alone 1,960.
 * z has no external-market split (its price never moves). Every collateral: 18 decimals, threshold 0.8; debt 6 dec.
 */
const BLOCKS = 10;
const flat = new Array<number>(BLOCKS).fill(2000);
const params: ExternalMarketParams = { depth: 1_000_000, impactModel: "linear", recoveryPerBlock: 0 };
const inBlock2 = (amount: number) => flat.map((_, i) => (i === 2 ? amount : 0));
const rules = (id: string): MarketRules => ({
  id,
  debtDecimals: 6,
  collaterals: ["x", "y", "w", "z"].map((asset) => ({ asset, decimals: 18, liquidationThreshold: (WAD * 8n) / 10n })),
});
const world: ContagionWorld = {
  markets: [rules("a"), rules("b"), rules("c")],
  splits: {
    x: splitImpact({ asset: "x", params, path: flat, forcedSales: { a: inBlock2(100_000) } }),
    y: splitImpact({ asset: "y", params, path: flat, forcedSales: { a: inBlock2(50_000), c: inBlock2(50_000) } }),
    w: splitImpact({ asset: "w", params, path: flat, forcedSales: { a: inBlock2(20_000), c: inBlock2(20_000) } }),
  },
};

const ONE = 10n ** 18n;
const USDC = 10n ** 6n;
const price = (p: number) => toWad(p);
/** Debt that puts 1 token (threshold 0.8) at `health` at 2,000: 1,600 ÷ health, rounded down. */
const debtFor = (health: number) => (1600n * USDC * WAD) / toWad(health);

const event = (
  market: string,
  asset: string,
  health: number,
  oraclePrice: number,
  block = 4,
  observedBlock = 3,
  repaid = 1_000n * USDC,
): LiquidationEvent => ({
  block,
  market,
  repaid,
  position: { account: `${market}/${asset}/${health}`, debt: debtFor(health), collateral: { [asset]: ONE } },
  oracle: { [asset]: { priceWad: price(oraclePrice), observedBlock } },
});

describe("contagion: attributing liquidations to the markets whose forced sales moved the price", () => {
  it("the split reproduces the constructed prices", () => {
    expect(world.splits.x!.price[3]).to.be.closeTo(1800, 1e-9);
    expect(world.splits.y!.price[3]).to.be.closeTo(1800, 1e-9);
    expect(world.splits.w!.price[3]).to.be.closeTo(1920, 1e-9);
    expect(world.splits.x!.price[1]).to.equal(2000);
  });

  it("health 1.05 in b, liquidated after a's sales took x down 10%: attributed to a", () => {
    const c = classifyLiquidation(world, event("b", "x", 1.05, 1800));
    expect(c.cause).to.deep.equal({ kind: "attributed", sources: ["a"] });
    expect(c.health.recorded < WAD).to.equal(true);
    expect(c.health.without.a >= toWad(1.05)).to.equal(true); // back at 2,000
    expect(c.health.without.c).to.equal(c.health.recorded); // c sold no x
  });

  it("health 0.95 before any sale: exogenous, before and after a's sales", () => {
    const before = classifyLiquidation(world, event("b", "x", 0.95, 2000, 1, 1));
    expect(before.cause).to.deep.equal({ kind: "exogenous" });
    const after = classifyLiquidation(world, event("b", "x", 0.95, 1800));
    expect(after.cause).to.deep.equal({ kind: "exogenous" });
    expect(after.health.withoutAll < WAD).to.equal(true);
  });

  it("a and c together but neither alone flip it (y): jointly forced", () => {
    const c = classifyLiquidation(world, event("b", "y", 1.03, 1800));
    expect(c.cause).to.deep.equal({ kind: "joint" });
    expect(c.health.without.a < WAD && c.health.without.c < WAD).to.equal(true); // 1.03 × 0.95
    expect(c.health.withoutAll >= toWad(1.03)).to.equal(true);
  });

  it("a and c each flip it alone (w): attributed to both, shared equally", () => {
    const c = classifyLiquidation(world, event("b", "w", 1.03, 1920));
    expect(c.cause).to.deep.equal({ kind: "attributed", sources: ["a", "c"] });
  });

  it("a basket: only the sold asset's price is restored, the other keeps its recorded price", () => {
    // 1 x + 1 z: limit 1,600 + 1,600 at 2,000; x at 1,800 → 1,440 + 1,600 = 3,040 < debt 3,100 ≤ 3,200.
    const e: LiquidationEvent = {
      block: 4,
      market: "b",
      repaid: 1n,
      position: { account: "basket", debt: 3_100n * USDC, collateral: { x: ONE, z: ONE } },
      oracle: { x: { priceWad: price(1800), observedBlock: 3 }, z: { priceWad: price(2000), observedBlock: 3 } },
    };
    expect(classifyLiquidation(world, e).cause).to.deep.equal({ kind: "attributed", sources: ["a"] });
    // With z at 1,800 too, restoring x is not enough (1,600 + 1,440 < 3,100): exogenous.
    const lower = { ...e, oracle: { ...e.oracle, z: { priceWad: price(1800), observedBlock: 3 } } };
    expect(classifyLiquidation(world, lower).cause).to.deep.equal({ kind: "exogenous" });
  });

  it("the oracle's observed block and the impact's recovery decide; the oracle price is scaled, not replaced", () => {
    const recovering = splitImpact({
      asset: "x",
      params: { ...params, recoveryPerBlock: 0.5 },
      path: flat,
      forcedSales: { a: inBlock2(100_000) },
    });
    const w: ContagionWorld = { ...world, splits: { x: recovering } };
    expect(recovering.price[3]).to.be.closeTo(1900, 1e-9); // impact 0.1 → 0.05
    // The feed (an AMM spot, say) read 1,890 while the external price was 1,900; health 1.03 at 2,000.
    // Without a: 1,890 × 2,000 ÷ 1,900 = 1,989.47 → health 1.0246: attributed.
    expect(classifyLiquidation(w, event("b", "x", 1.03, 1890, 6, 3)).cause).to.deep.equal({
      kind: "attributed",
      sources: ["a"],
    });
    // Health 1.06 at 2,000 but liquidated at a feed price of 1,780 (below its observation, 1,900): scaled to
    // 1,873.7, health 0.993 — the sale explains 1,780 → 1,873.7, not the rest: exogenous.
    expect(classifyLiquidation(w, event("b", "x", 1.06, 1780, 6, 3)).cause).to.deep.equal({ kind: "exogenous" });
  });

  it("a record whose own prices give health ≥ 1 is counted apart, never attributed", () => {
    const c = classifyLiquidation(world, event("b", "x", 1.05, 2000, 4, 1));
    expect(c.cause).to.deep.equal({ kind: "not-below-one" });
  });

  it("totals per (source → market): cross-market contagion, within-market cascades, joint and exogenous", () => {
    const events = [
      event("b", "x", 1.05, 1800, 4, 3, 700n), // → a
      event("b", "x", 0.95, 2000, 1, 1, 11n), // exogenous
      event("b", "x", 0.95, 1800, 4, 3, 13n), // exogenous
      event("b", "y", 1.03, 1800, 4, 3, 17n), // joint
      event("b", "w", 1.03, 1920, 4, 3, 1001n), // a and c: 501 and 500
      event("a", "x", 1.05, 1800, 4, 3, 300n), // → a, within a
      event("c", "w", 1.03, 1920, 5, 3, 3n), // a and c: 2 (a) and 1 (c)
      event("b", "x", 1.05, 2000, 4, 1, 5n), // not below one
    ];
    const s = contagion(world, events);
    expect(s.pairs).to.deep.equal([
      { source: "a", market: "a", liquidations: 1, debtRepaid: 300n },
      { source: "a", market: "b", liquidations: 1.5, debtRepaid: 1201n },
      { source: "a", market: "c", liquidations: 0.5, debtRepaid: 2n },
      { source: "c", market: "b", liquidations: 0.5, debtRepaid: 500n },
      { source: "c", market: "c", liquidations: 0.5, debtRepaid: 1n },
    ]);
    expect(s.crossMarket.map((p) => `${p.source}→${p.market}`)).to.deep.equal(["a→b", "a→c", "c→b"]);
    expect(s.joint.b).to.deep.equal({ liquidations: 1, debtRepaid: 17n });
    expect(s.exogenous.b).to.deep.equal({ liquidations: 2, debtRepaid: 24n });
    expect(s.notBelowOne.b).to.deep.equal({ liquidations: 1, debtRepaid: 5n });
    expect(s.exogenous.a).to.deep.equal({ liquidations: 0, debtRepaid: 0n });
    // Every liquidation's debt is accounted for once.
    const counted =
      s.pairs.reduce((a, p) => a + p.debtRepaid, 0n) +
      [s.joint, s.exogenous, s.notBelowOne].reduce(
        (a, t) => a + Object.values(t).reduce((x, y) => x + y.debtRepaid, 0n),
        0n,
      );
    expect(counted).to.equal(events.reduce((a, e) => a + e.repaid, 0n));
  });

  it("refuses a liquidation in a market the world does not have", () => {
    expect(() => classifyLiquidation(world, event("d", "x", 1.05, 1800))).to.throw(RangeError, 'unknown market "d"');
  });
});
