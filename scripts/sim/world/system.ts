/**
 * The world of a system scenario (several assets or markets: docs/topology.md), built from its normalized topology by
 * the same small builders as a single-asset world, in a fixed order: the debt token; every asset (token, AMM, feeds,
 * its own oracle updater account); the flash liquidator; every market (pool, its collaterals listed with their own
 * parameters, its auction liquidator, its risk controls); the gas burner and the lens; the lender groups' supply;
 * the position opener. Each (market, collateral) pair is a slice (`SystemSlice`): a World with that pair's flat
 * fields and scenario. The flat fields of the world itself are the first slice's.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { FlashLiquidator, GasBurner, LendingPool, RiskLens } from "../../../typechain-types";
import { Chain } from "../chain";
import type { Scenario } from "../scenario";
import { assertRunnable } from "../topology/runnable";
import type { Topology } from "../topology/types";
import { sliceScenario } from "../topology/slice-scenario";
import { toFixedUnits } from "../wad";
import { makeAgent } from "./accounts";
import { buildAsset, deployToken } from "./asset";
import { Deployer } from "./deployer";
import { setupGasLimit } from "./setup-gas";
import { buildAuctions, listCollateral, marketArgs } from "./market";
import { buildRiskControls } from "./risk-controls";
import { LabAdapter } from "../../adapters/lab/adapter";
import type { Address, Agent, AssetWorld, MarketWorld, SystemSlice, SystemWorld, World } from "./types";

export async function buildSystemWorld(
  hre: HardhatRuntimeEnvironment,
  s: Scenario,
  topology: Topology,
  paths: number[][],
): Promise<World> {
  assertRunnable(s);
  const { ethers } = hre;
  const chain = new Chain(hre.network.provider);
  await chain.setAutomine(true);
  const [admin] = await ethers.getSigners();
  const deployer: Agent = { label: "deployer", address: admin.address, signer: admin };
  const d = new Deployer(hre, chain, s, deployer);
  const debt = await deployToken(d, s.tokens.debt);
  const debtSide = { token: debt, symbol: s.tokens.debt.symbol, decimals: s.tokens.debt.decimals };

  const assets: AssetWorld[] = [];
  const updaters: Agent[] = [];
  for (const [k, a] of topology.assets.entries()) {
    const updater = await makeAgent(hre, chain, k === 0 ? "oracle-updater" : `oracle-updater/${a.id}`);
    const spec = { symbol: a.symbol, decimals: a.decimals, amm: a.amm, oracle: a.oracle };
    assets.push({ id: a.id, ...(await buildAsset(d, spec, debtSide, paths[k][0], updater)) });
    updaters.push(updater);
  }
  const router = await d.sharedRouter();
  const flash = await d.deploy<FlashLiquidator>("FlashLiquidator", []);
  const assetIndex = new Map(topology.assets.map((a, k) => [a.id, k]));

  const markets: MarketWorld[] = [];
  const pools: LendingPool[] = [];
  for (const m of topology.markets) {
    const first = topology.assets[assetIndex.get(m.collaterals[0].asset)!];
    const md = new Deployer(hre, chain, sliceScenario(s, topology, m, first, m.collaterals[0]), deployer);
    const pool = await md.deploy<LendingPool>("LendingPool", [
      await debt.getAddress(),
      admin.address,
      ...marketArgs(md.scenario),
    ]);
    for (const c of m.collaterals) {
      const asset = assets[assetIndex.get(c.asset)!];
      await listCollateral(pool, asset, await asset.marketFeed.getAddress(), c);
    }
    const firstAsset = assets[assetIndex.get(m.collaterals[0].asset)!];
    const auctions = m.liquidation.mechanism === "fixed-bonus" ? null : await buildAuctions(md, pool, firstAsset);
    if (auctions) {
      const limit = toFixedUnits(m.liquidation.auction.maxDebtInAuctionPerAsset, s.tokens.debt.decimals);
      for (const c of m.collaterals.slice(1)) {
        const token = assets[assetIndex.get(c.asset)!].token;
        await auctions.setAssetDebtLimit(await pool.getAddress(), await token.getAddress(), limit);
      }
    }
    const controls = await buildRiskControls(md, { pool, auctions }, firstAsset);
    const collaterals = m.collaterals.map((c) => assets[assetIndex.get(c.asset)!].token.target as string);
    const lab = LabAdapter.over(m.id, pool, await debt.getAddress(), collaterals);
    markets.push({ id: m.id, lab, auctions, ...controls });
    pools.push(pool);
  }
  const burner = await d.deploy<GasBurner>("GasBurner", []);
  const lens = await d.deploy<RiskLens>("RiskLens", []);

  const lenders: SystemWorld["lenders"] = [];
  for (const [j, m] of topology.markets.entries()) {
    for (const g of m.lenders) {
      const agent = await makeAgent(hre, chain, `lender/${m.id}/${g.id}`);
      const amount = toFixedUnits(g.supply, s.tokens.debt.decimals);
      await debt.mint(agent.address, amount);
      await debt.connect(agent.signer).approve(markets[j].lab.address, amount);
      await pools[j].connect(agent.signer).supply(amount, agent.address);
      lenders.push({ market: m.id, group: g.id, agent });
    }
  }
  await chain.setBlockGasLimit(setupGasLimit(hre, s.chain.blockGasLimit));
  const opener = await ethers.deployContract("PositionOpener", [], admin);

  const base: Omit<
    World,
    | "collateral"
    | "amm"
    | "feed"
    | "boundedFeed"
    | "marketFeed"
    | "twap"
    | "spotFeed"
    | keyof MarketWorld
    | "market"
    | "addresses"
    | "collateralDecimals"
  > = {
    hre,
    chain,
    scenario: s,
    deployer,
    oracleUpdater: updaters[0],
    debt,
    assets,
    markets,
    router,
    flash,
    burner,
    lens,
    attackLender: null,
    manipulator: null,
    borrowers: [],
    opener: await opener.getAddress(),
    debtDecimals: s.tokens.debt.decimals,
    startTime: 0,
  };
  const accounts: Address[][] = topology.markets.map(() => []);
  const sliceWorld = async (j: number, k: number, sc: Scenario): Promise<World> => {
    const a = assets[k];
    const m = markets[j];
    const address = async (c: { getAddress(): Promise<string> } | null) => (c ? await c.getAddress() : "");
    return {
      ...base,
      scenario: sc,
      oracleUpdater: updaters[k],
      collateral: a.token,
      amm: a.amm,
      feed: a.feed,
      boundedFeed: a.boundedFeed,
      marketFeed: a.marketFeed,
      twap: a.twap,
      spotFeed: a.spotFeed,
      lab: m.lab,
      market: m.lab,
      auctions: m.auctions,
      breaker: m.breaker,
      riskController: m.riskController,
      addresses: {
        debt: await debt.getAddress(),
        collateral: await a.token.getAddress(),
        amm: await address(a.amm),
        router: await router.getAddress(),
        feed: await a.feed.getAddress(),
        marketFeed: await a.marketFeed.getAddress(),
        pool: m.lab.address,
        auctions: await address(m.auctions),
        flash: await flash.getAddress(),
        attackLender: "",
        manipulator: "",
      },
      borrowers: accounts[j],
      collateralDecimals: a.decimals,
    };
  };
  const slices: SystemSlice[] = [];
  for (const [j, m] of topology.markets.entries()) {
    for (const c of m.collaterals) {
      const k = assetIndex.get(c.asset)!;
      const sc = sliceScenario(s, topology, m, topology.assets[k], c);
      slices.push({
        market: m.id,
        asset: c.asset,
        marketIndex: j,
        assetIndex: k,
        listed: true,
        world: await sliceWorld(j, k, sc),
      });
    }
  }
  const assetSlice = topology.assets.map((a) => slices.findIndex((sl) => sl.asset === a.id));
  for (const [k, a] of topology.assets.entries()) {
    if (assetSlice[k] >= 0) continue;
    const m = topology.markets[0];
    const sc = sliceScenario(s, topology, m, a, undefined);
    assetSlice[k] = slices.length;
    slices.push({
      market: m.id,
      asset: a.id,
      marketIndex: 0,
      assetIndex: k,
      listed: false,
      world: await sliceWorld(0, k, sc),
    });
  }
  const first = slices[0].world;
  const world: World = { ...first, scenario: s, system: { topology, slices, assetSlice, accounts, lenders, paths } };
  for (const sl of slices) sl.world.system = world.system;
  return world;
}
