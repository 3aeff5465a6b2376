import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { generatePath } from "../../../scripts/sim/paths";
import { borrowersFromScenario, generateBorrowers } from "../../../scripts/sim/population";
import { SCENARIOS_DIR, presetNames } from "../../../scripts/sim/preset-names";
import { loadScenarioFile, type Scenario } from "../../../scripts/sim/scenario";
import { loadPreset } from "../../../scripts/sim/presets";
import { isolatedMarkets, sharedMarkets } from "../../../scripts/sim/comparisons/isolation";
import { normalizeTopology, type Topology } from "../../../scripts/sim/topology";

const fileOf = (name: string) => path.join(SCENARIOS_DIR, `${name}.json`);
const ctxOf = (s: Scenario, file: string) => ({
  blocks: s.blocks,
  blockTimeSeconds: s.chain.blockTimeSeconds,
  seed: s.seed,
  readCsv: (f: string) => fs.readFileSync(path.resolve(path.dirname(file), f), "utf8"),
});

/** The first asset and market of `t` against the scenario's own top-level fields (what the world builder reads). */
function expectLegacyCore(s: Scenario, t: Topology, file: string) {
  const [asset] = t.assets;
  const [market] = t.markets;
  expect(t.debt).to.deep.equal({ id: "debt", ...s.tokens.debt });
  expect(asset.id).to.equal(s.tokens.collateral.symbol.toLowerCase());
  expect(asset.symbol).to.equal(s.tokens.collateral.symbol);
  expect(asset.decimals).to.equal(s.tokens.collateral.decimals);
  expect(asset.amm).to.deep.equal(s.amm);
  expect(asset.externalMarket).to.deep.equal(s.externalMarket);
  expect(asset.oracle).to.deep.equal(s.oracle);
  const ctx = ctxOf(s, file);
  const prices = generatePath(asset.path, ctx);
  expect(prices).to.deep.equal(generatePath(s.path, ctx));
  const { collateral, lenderSupply, ...config } = s.market;
  expect(market.id).to.equal("main");
  for (const [key, value] of Object.entries(config)) expect(market, key).to.have.deep.property(key, value);
  expect(market.collaterals[0]).to.deep.equal({ asset: asset.id, ...collateral });
  expect(market.lenders[0].supply).to.equal(lenderSupply);
  expect(market.liquidation).to.deep.equal(s.liquidation);
  expect(market.riskControls).to.deep.equal(s.riskControls);
  const p = market.borrowers[0];
  expect(p).to.deep.include({ id: "borrowers", count: s.borrowers.count, size: s.borrowers.size });
  expect(p.health).to.deep.equal(s.borrowers.health);
  expect(p.basket).to.deep.equal([{ asset: asset.id, share: 1 }]);
  // The population drawn from the topology is the one drawn today, borrower by borrower.
  const drawn = generateBorrowers(
    {
      count: p.count,
      size: p.size,
      health: p.health,
      price: prices[0],
      ltv: market.collaterals[0].ltv,
      liquidationThreshold: market.collaterals[0].liquidationThreshold,
      collateralDecimals: asset.decimals,
      debtDecimals: t.debt.decimals,
    },
    p.seed,
  );
  expect(drawn).to.deep.equal(borrowersFromScenario(s, prices[0]));
  expect(t.seed).to.equal(s.seed);
  expect(t.blocks).to.equal(s.blocks);
  expect(t.entities).to.deep.equal([]);
}

describe("topology of the presets", () => {
  const names = presetNames();

  it("every single-asset preset is one asset and one market with the scenario's own numbers", () => {
    const single = names.filter((n) => n !== "risk/isolation" && !n.startsWith("system/"));
    expect(single.length).to.be.greaterThan(10);
    for (const name of single) {
      const s = loadScenarioFile(fileOf(name));
      const t = normalizeTopology(s);
      expect(t.assets, name).to.have.length(1);
      expect(t.markets, name).to.have.length(1);
      expect(t.correlation).to.deep.equal([[1]]);
      expect(t.markets[0].lenders).to.deep.equal([{ id: "lenders", supply: s.market.lenderSupply }]);
      expect(t.markets[0].borrowers).to.have.length(1);
      expect(t.keepers).to.deep.equal(s.keepers.map((k) => ({ ...k, markets: ["main"] })));
      expectLegacyCore(s, t, fileOf(name));
    }
  });

  describe("risk/isolation", () => {
    const file = fileOf("risk/isolation");

    it("shared as written: one market, two collaterals (the calm one without an AMM), two lender groups that exit", () => {
      const s = loadScenarioFile(file);
      const t = normalizeTopology(s);
      expect(t.assets.map((a) => a.id)).to.deep.equal(["weth", "wbtc"]);
      expect(t.assets[1]).to.deep.include({ symbol: "WBTC", decimals: 8, amm: null });
      expect(t.assets[1].oracle.source).to.equal("external");
      expect(generatePath(t.assets[1].path, ctxOf(s, file)).every((p) => p === 60_000)).to.equal(true);
      expect(t.markets).to.have.length(1);
      expect(t.markets[0].collaterals.map((c) => c.asset)).to.deep.equal(["weth", "wbtc"]);
      expect(t.markets[0].lenders).to.deep.equal([
        { id: "crash", supply: 1_200_000, exitOnLossBps: 10 },
        { id: "calm", supply: 2_000_000, exitOnLossBps: 10 },
      ]);
      expect(t.markets[0].borrowers.map((p) => p.id)).to.deep.equal(["crash", "calm"]);
      // The calm population draws as the legacy isolation block did (`<seed>/calm`).
      expect(t.markets[0].borrowers[1].seed).to.equal(`${s.seed}/calm`);
      for (const k of t.keepers) expect(k.markets).to.deep.equal(["main"]);
    });

    it("isolated: one market per collateral, each with its population and lender group", () => {
      const [market] = sharedMarkets();
      const s = loadPreset("risk/isolation", { markets: isolatedMarkets(market) });
      const t = normalizeTopology(s);
      expect(t.markets.map((m) => m.id)).to.deep.equal(["crash", "calm"]);
      const [crash, calm] = t.markets;
      expect(crash.collaterals.map((c) => c.asset)).to.deep.equal(["weth"]);
      expect(crash.lenders.map((l) => l.id)).to.deep.equal(["crash"]);
      expect(calm.collaterals.map((c) => c.asset)).to.deep.equal(["wbtc"]);
      expect(calm.lenders.map((l) => l.id)).to.deep.equal(["calm"]);
      expect(calm.borrowers.map((p) => p.id)).to.deep.equal(["calm"]);
      for (const k of t.keepers) expect(k.markets).to.deep.equal(["crash", "calm"]);
    });
  });
});
