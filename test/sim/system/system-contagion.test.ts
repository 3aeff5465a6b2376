import { expect } from "chai";
import hre from "hardhat";
import { parseScenario, type ScenarioInput } from "../../../scripts/sim/scenario";
import { runOnSnapshot } from "../../../scripts/sim/presets";
import type { RunResult } from "../../../scripts/sim/engine";

/**
 * One asset (ETH, a small step drop into a shallow external market), two markets: "fragile" (borrowers just above
 * health 1, liquidated by the drop itself) and "sound" (healthier borrowers the drop alone leaves healthy). The
 * keepers' sales of ETH seized in "fragile" push the external price (and the oracle) further down, so "sound"'s
 * liquidations are attributed to "fragile"'s forced sales, never the other way round first.
 */
const TWO_MARKETS_ONE_ASSET = {
  name: "contagion-two-markets",
  seed: 5,
  blocks: 24,
  path: { kind: "step", initialPrice: 2000, atBlock: 3, dropPct: 6 },
  amm: { depth: 1_000_000 },
  externalMarket: { depth: 3_000_000 },
  market: { lenderSupply: 10_000_000 },
  borrowers: { count: 12, size: { kind: "uniform", min: 40, max: 60 } },
  chain: { congestion: { backgroundGasShare: 0, burstProbability: 0 } },
  assets: [{ id: "eth", symbol: "WETH" }],
  markets: [
    {
      id: "fragile",
      collaterals: [{ asset: "eth" }],
      borrowers: [{ health: { kind: "uniform", min: 1.01, max: 1.04 } }],
    },
    {
      id: "sound",
      collaterals: [{ asset: "eth" }],
      borrowers: [{ health: { kind: "uniform", min: 1.08, max: 1.14 } }],
    },
  ],
  keepers: [{ strategy: "fixed-bonus", count: 2, capital: 5_000_000 }],
};

describe("system run: contagion attribution", function () {
  this.timeout(600_000);
  let r: RunResult;
  before(async () => {
    r = await runOnSnapshot(hre, parseScenario(TWO_MARKETS_ONE_ASSET as unknown as ScenarioInput));
  });

  it("classifies every liquidation, none at a health its own prices put at or above 1", () => {
    const c = r.summary.system!.contagion!;
    const total =
      c.pairs.reduce((a, p) => a + p.liquidations, 0) +
      [c.joint, c.exogenous].reduce((a, m) => a + Object.values(m).reduce((b, t) => b + t.liquidations, 0), 0);
    const landed = r.liquidations.length;
    expect(landed).to.be.greaterThan(0);
    expect(total).to.be.closeTo(landed, 1e-9);
    for (const t of Object.values(c.notBelowOne)) expect(t.liquidations).to.equal(0);
  });

  it("attributes liquidations in the sound market to the fragile market's forced sales", () => {
    const c = r.summary.system!.contagion!;
    const fragileToSound = c.crossMarket.find((p) => p.source === "fragile" && p.market === "sound");
    expect(r.liquidations.filter((l) => l.market === "sound")).to.not.be.empty;
    expect(fragileToSound?.liquidations ?? 0).to.be.greaterThan(0);
    const soundToFragile = c.crossMarket.find((p) => p.source === "sound" && p.market === "fragile");
    expect(fragileToSound!.liquidations).to.be.greaterThan(soundToFragile?.liquidations ?? 0);
    expect(c.exogenous.sound.liquidations).to.be.lessThan(r.liquidations.filter((l) => l.market === "sound").length);
  });
});
