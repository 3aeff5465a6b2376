import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { generatePath, gbmPath } from "../../../scripts/sim/paths";
import { borrowersFromScenario, generateBorrowers } from "../../../scripts/sim/population";
import { SCENARIOS_DIR, presetNames } from "../../../scripts/sim/preset-names";
import { Rng } from "../../../scripts/sim/random";
import { loadScenarioFile, type Scenario } from "../../../scripts/sim/scenario";
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
    const calmChecks = (s: Scenario, t: Topology) => {
      const iso = s.isolation;
      const calm = t.assets[1];
      expect(calm.id).to.equal(iso.calmAsset.symbol.toLowerCase());
      expect(calm).to.deep.include({ symbol: iso.calmAsset.symbol, decimals: iso.calmAsset.decimals, amm: null });
      // The calm path: a driftless GBM from the calm price, seeded `<seed>/calm-path` (scripts/sim/isolation.ts).
      const ctx = ctxOf(s, file);
      const expected = gbmPath(
        {
          initialPrice: iso.calmAsset.price,
          driftPerYear: 0,
          volatilityPerYear: iso.calmAsset.volatilityPerYear,
          blockTimeSeconds: s.chain.blockTimeSeconds,
        },
        s.blocks,
        new Rng(`${s.seed}/calm-path`),
      );
      expect(generatePath(calm.path, ctx)).to.deep.equal(expected);
      expect(calm.oracle).to.deep.include({
        source: "external",
        latencySeconds: s.oracle.latencySeconds,
        latencyBlocks: s.oracle.latencyBlocks,
        heartbeatSeconds: s.oracle.heartbeatSeconds,
        deviationThresholdBps: s.oracle.deviationThresholdBps,
      });
      expect(calm.oracle.failure.mode).to.equal("none");
      expect(calm.oracle.floorGuard.enabled).to.equal(false);
      const calmMarket = t.markets.find((m) => m.borrowers.some((p) => p.id === "calm"))!;
      const pop = calmMarket.borrowers.find((p) => p.id === "calm")!;
      expect(pop).to.deep.equal({
        id: "calm",
        count: iso.calmBorrowers.count,
        size: iso.calmBorrowers.size,
        health: iso.calmBorrowers.health,
        seed: iso.calmBorrowers.seed ?? `${s.seed}/calm`,
        basket: [{ asset: calm.id, share: 1 }],
      });
      expect(calmMarket.collaterals.find((c) => c.asset === calm.id)).to.deep.equal({
        asset: calm.id,
        ...iso.calmAsset.risk,
      });
      // Keepers never watched the calm positions.
      for (const k of t.keepers) expect(k.markets).to.deep.equal(["main"]);
    };

    it("shared: one market, two collaterals, two lender groups, two populations", () => {
      const s = loadScenarioFile(file);
      expect(s.isolation.mode).to.equal("shared");
      const t = normalizeTopology(s);
      expect(t.assets.map((a) => a.id)).to.deep.equal(["weth", "wbtc"]);
      expect(t.markets).to.have.length(1);
      expect(t.markets[0].collaterals.map((c) => c.asset)).to.deep.equal(["weth", "wbtc"]);
      expect(t.markets[0].lenders).to.deep.equal([
        { id: "crash", supply: s.market.lenderSupply },
        { id: "calm", supply: s.isolation.calmLenderSupply },
      ]);
      expect(t.markets[0].lenderSupply).to.equal(s.market.lenderSupply + s.isolation.calmLenderSupply);
      expect(t.markets[0].borrowers.map((p) => p.id)).to.deep.equal(["borrowers", "calm"]);
      expect(t.correlation).to.deep.equal([
        [1, 0],
        [0, 1],
      ]);
      expectLegacyCore(s, t, file);
      calmChecks(s, t);
    });

    it("isolated: a second market with the first's config, the calm lenders and no risk controls", () => {
      const s = loadScenarioFile(file, ["isolation.mode=isolated", "riskControls.circuitBreaker.enabled=true"]);
      const t = normalizeTopology(s);
      expect(t.markets.map((m) => m.id)).to.deep.equal(["main", "calm"]);
      const [main, calm] = t.markets;
      expect(main.collaterals.map((c) => c.asset)).to.deep.equal(["weth"]);
      expect(main.lenders).to.deep.equal([{ id: "crash", supply: s.market.lenderSupply }]);
      expect(main.borrowers.map((p) => p.id)).to.deep.equal(["borrowers"]);
      expect(main.riskControls.circuitBreaker.enabled).to.equal(true);
      expect(calm.collaterals.map((c) => c.asset)).to.deep.equal(["wbtc"]);
      expect(calm.lenders).to.deep.equal([{ id: "calm", supply: s.isolation.calmLenderSupply }]);
      expect(calm.borrowers.map((p) => p.id)).to.deep.equal(["calm"]);
      const { collateral, lenderSupply, ...config } = s.market;
      void collateral;
      void lenderSupply;
      for (const [key, value] of Object.entries(config)) expect(calm).to.have.deep.property(key, value);
      expect(calm.liquidation).to.deep.equal(s.liquidation);
      expect(calm.riskControls.circuitBreaker.enabled).to.equal(false);
      expect(calm.riskControls.dynamicRisk.enabled).to.equal(false);
      expectLegacyCore(s, t, file);
      calmChecks(s, t);
    });
  });
});
