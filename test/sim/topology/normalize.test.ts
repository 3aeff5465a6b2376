import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { applyOverrides, parseScenario } from "../../../scripts/sim/scenario";
import { normalizeTopology } from "../../../scripts/sim/topology";

const EXAMPLE = path.join(__dirname, "..", "..", "..", "docs", "examples", "three-markets-fund.json");
const example = () => JSON.parse(fs.readFileSync(EXAMPLE, "utf8")) as Record<string, unknown>;

describe("normalizeTopology", () => {
  describe("the three-asset, three-market fund (docs/examples/three-markets-fund.json)", () => {
    const s = parseScenario(example(), EXAMPLE);
    const t = normalizeTopology(s);

    it("lists the assets in order, each over the top-level defaults", () => {
      expect(t.assets.map((a) => [a.id, a.symbol, a.decimals])).to.deep.equal([
        ["eth", "WETH", 18],
        ["wbtc", "WBTC", 8],
        ["steth", "stETH", 18],
      ]);
      const [eth, wbtc, steth] = t.assets;
      expect(eth.amm).to.deep.equal({ depth: 5_000_000, feeBps: 30 });
      expect(wbtc.amm).to.deep.equal({ depth: 3_000_000, feeBps: 30 });
      expect(steth.amm).to.deep.equal({ depth: 1_000_000, feeBps: 4 });
      expect(steth.externalMarket).to.deep.equal({ ...s.externalMarket, depth: 5_000_000 });
      expect(wbtc.oracle).to.deep.equal({ ...s.oracle, latencySeconds: 24 });
      expect(eth.oracle).to.deep.equal(s.oracle);
      expect(eth.path).to.deep.equal({ ...s.path, seed: "7/path" });
      expect(wbtc.path).to.deep.equal({
        kind: "gbm",
        initialPrice: 60_000,
        driftPerYear: 0,
        volatilityPerYear: 0.6,
        seed: "7/path/wbtc",
      });
      expect(steth.path).to.deep.include({ kind: "depeg", peg: 2000, lowPct: 7, seed: "7/path/steth" });
      expect(t.correlation).to.deep.equal(s.correlation);
      expect(t.correlateJumps).to.equal(false);
    });

    it("builds each market from its own fields over market, liquidation, riskControls and borrowers", () => {
      expect(t.markets.map((m) => m.id)).to.deep.equal(["lido", "main", "btc"]);
      const [lido, main, btc] = t.markets;
      expect(lido.collaterals).to.deep.equal([
        { ...s.market.collateral, asset: "steth", ltv: 0.72, liquidationThreshold: 0.76 },
      ]);
      expect(lido.lenders).to.deep.equal([{ id: "lenders", supply: 80_000_000 }]);
      expect(lido.closeFactor).to.equal(s.market.closeFactor);
      expect(main.collaterals.map((c) => [c.asset, c.ltv, c.liquidationThreshold, c.supplyCap])).to.deep.equal([
        ["eth", 0.83, 0.85, 10_000_000],
        ["wbtc", 0.7, 0.75, 2000],
      ]);
      expect(btc.lenders).to.deep.equal([
        { id: "passive", supply: 30_000_000 },
        { id: "treasury", supply: 10_000_000 },
      ]);
      expect(btc.lenderSupply).to.equal(40_000_000);
      expect(btc.liquidation).to.deep.equal({ ...s.liquidation, mechanism: "dutch-auction" });
      expect(lido.liquidation.mechanism).to.equal("fixed-bonus");
      expect(btc.riskControls).to.deep.equal(s.riskControls);
    });

    it("gives every population its basket, its parameters and its own seed", () => {
      const [lido, main, btc] = t.markets;
      expect(lido.borrowers).to.deep.equal([
        {
          id: "borrowers",
          count: 800,
          size: s.borrowers.size,
          health: { kind: "uniform", min: 1.02, max: 1.15 },
          seed: "7/borrowers", // the first population of the first market draws as a single-market scenario
          basket: [{ asset: "steth", share: 1 }],
        },
      ]);
      expect(main.borrowers.map((p) => [p.id, p.count, p.seed, p.basket])).to.deep.equal([
        ["eth-only", 1000, "7/borrowers/main/eth-only", [{ asset: "eth", share: 1 }]],
        [
          "basket",
          400,
          "7/borrowers/main/basket",
          [
            { asset: "eth", share: 0.6 },
            { asset: "wbtc", share: 0.4 },
          ],
        ],
      ]);
      expect(btc.borrowers[0]).to.deep.include({
        id: "borrowers",
        count: 300,
        seed: "7/borrowers/btc/borrowers",
        size: { kind: "uniform", min: 0.5, max: 3 },
        health: s.borrowers.health,
      });
    });

    it("keeps the fund's positions and resolves the keepers' markets", () => {
      expect(t.entities).to.deep.equal(s.entities);
      expect(t.entities[0].positions.map((p) => p.market)).to.deep.equal(["lido", "main", "btc"]);
      expect(t.keepers.map((k) => [k.strategy, k.markets])).to.deep.equal([
        ["fixed-bonus", ["lido", "main", "btc"]],
        ["fixed-bonus", ["lido"]],
        ["auction-kicker", ["btc"]],
        ["auction-taker", ["btc"]],
      ]);
      expect(t.debt).to.deep.equal({ id: "debt", symbol: "USDC", decimals: 6 });
    });

    it("docs/topology.md shows this file verbatim", () => {
      const doc = fs.readFileSync(path.join(__dirname, "..", "..", "..", "docs", "topology.md"), "utf8");
      const block = /```json\n([\s\S]*?)```/.exec(doc);
      expect(block, "a ```json block in docs/topology.md").to.not.equal(null);
      expect(block![1]).to.equal(fs.readFileSync(EXAMPLE, "utf8"));
    });
  });

  describe("a listed asset or market overrides only what it names", () => {
    it("objects merge field by field, nested ones too", () => {
      const t = normalizeTopology(
        parseScenario({
          amm: { depth: 1_000_000, feeBps: 5 },
          oracle: { latencySeconds: 30, failure: { mode: "freeze", atBlock: 40 } },
          assets: [{ id: "a" }, { id: "b", amm: { feeBps: 100 }, oracle: { failure: { atBlock: 7 } } }],
        }),
      );
      expect(t.assets[1].amm).to.deep.equal({ depth: 1_000_000, feeBps: 100 });
      expect(t.assets[1].oracle.latencySeconds).to.equal(30);
      expect(t.assets[1].oracle.failure).to.deep.equal({ mode: "freeze", atBlock: 7, floorPrice: 0.1 });
      expect(t.assets[0].oracle.failure.atBlock).to.equal(40);
    });

    it("a union (path, auction curve) of another kind is replaced whole, with its kind's defaults", () => {
      const t = normalizeTopology(
        parseScenario({
          path: { kind: "jump", initialPrice: 100 },
          liquidation: { mechanism: "both", auction: { curve: { kind: "stairstep", stepSeconds: 30 } } },
          keepers: [{ strategy: "auction-kicker" }],
          assets: [{ id: "a" }, { id: "b", path: { kind: "step", dropPct: 10 } }],
          markets: [{ id: "m", liquidation: { auction: { curve: { kind: "linear" } } } }],
        }),
      );
      expect(t.assets[0].path).to.deep.include({ kind: "jump", initialPrice: 100 });
      expect(t.assets[1].path).to.deep.equal({ kind: "step", initialPrice: 2000, atBlock: 10, dropPct: 10 });
      expect(t.markets[0].liquidation.auction.curve).to.deep.equal({ kind: "linear", durationSeconds: 600 });
      expect(t.markets[0].liquidation.mechanism).to.equal("both");
    });

    it("amm null: an asset without a pool", () => {
      const t = normalizeTopology(parseScenario({ assets: [{ id: "a" }, { id: "b", amm: null }] }));
      expect(t.assets[1].amm).to.equal(null);
      expect(t.assets[0].amm).to.deep.equal(parseScenario({}).amm);
    });

    it("an absent collaterals list is the first asset with market.collateral; --set reaches listed fields", () => {
      const json = applyOverrides({ assets: [{ id: "x" }, { id: "y" }], markets: [{ id: "m" }, { id: "n" }] }, [
        "markets[1].closeFactor=0.25",
        'markets[1].collaterals=[{"asset":"y","ltv":0.5}]',
      ]);
      const s = parseScenario(json);
      const t = normalizeTopology(s);
      expect(t.markets[0].collaterals).to.deep.equal([{ asset: "x", ...s.market.collateral }]);
      expect(t.markets[1].collaterals).to.deep.equal([{ ...s.market.collateral, asset: "y", ltv: 0.5 }]);
      expect(t.markets[1].closeFactor).to.equal(0.25);
      expect(t.markets[0].closeFactor).to.equal(s.market.closeFactor);
    });
  });
});
