/**
 * Builds the world a scenario describes on Hardhat's network (automine on), from small builders in a fixed order
 * (the order sets every contract's address): the debt token; the collateral asset (token, AMM, router, feeds); the
 * market (pool, auction); the flash liquidator; the market's risk controls; the attack venue; the gas burner and
 * the lens; the lenders' supply; the position opener; the derivatives venues, if any.
 * Time-dependent setup (oracle, positions, agents) happens afterwards in `startClock`, on explicit timestamps.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { FlashLiquidator, GasBurner, RiskLens } from "../../../typechain-types";
import { Chain } from "../chain";
import type { Scenario } from "../scenario";
import { makeAgent } from "./accounts";
import { buildAsset, collateralAssetSpec, deployToken } from "./asset";
import { buildAttackVenue } from "./attack-venue";
import { Deployer } from "./deployer";
import { setupGasLimit } from "./setup-gas";
import { buildMarket, supplyLenders } from "./market";
import { buildRiskControls } from "./risk-controls";
import { LabAdapter } from "../../adapters/lab/adapter";
import type { Agent, MarketWorld, World } from "./types";
import { buildDerivatives } from "../../derivatives/engine/build";

export async function buildWorld(
  hre: HardhatRuntimeEnvironment,
  s: Scenario,
  initialPrice: number,
  onProgress?: (what: string) => void,
): Promise<World> {
  const { ethers } = hre;
  const chain = new Chain(hre.network.provider);
  await chain.setAutomine(true);
  const [admin] = await ethers.getSigners();
  const deployer: Agent = { label: "deployer", address: admin.address, signer: admin };
  const oracleUpdater = await makeAgent(hre, chain, "oracle-updater");
  const d = new Deployer(hre, chain, s, deployer);

  onProgress?.("contracts");
  const debt = await deployToken(d, s.tokens.debt);
  const debtSide = { token: debt, symbol: s.tokens.debt.symbol, decimals: s.tokens.debt.decimals };
  const asset = await buildAsset(d, collateralAssetSpec(s), debtSide, initialPrice, oracleUpdater);
  const router = await d.sharedRouter();
  const { pool, auctions } = await buildMarket(d, debt, asset);
  const flash = await d.deploy<FlashLiquidator>("FlashLiquidator", []);
  const { breaker, riskController } = await buildRiskControls(d, { pool, auctions }, asset);
  const lab = LabAdapter.over("main", pool, await debt.getAddress(), [await asset.token.getAddress()]);
  const market: MarketWorld = { lab, auctions, breaker, riskController };
  const { attackLender, manipulator } = await buildAttackVenue(d, debt, asset, initialPrice);
  const burner = await d.deploy<GasBurner>("GasBurner", []);
  const lens = await d.deploy<RiskLens>("RiskLens", []);
  await supplyLenders(d, debt, pool);
  await chain.setBlockGasLimit(setupGasLimit(hre, s.chain.blockGasLimit));
  const opener = await ethers.deployContract("PositionOpener", [], admin);
  const address = async (c: { getAddress(): Promise<string> } | null) => (c ? await c.getAddress() : "");
  const world: World = {
    hre,
    chain,
    scenario: s,
    deployer,
    oracleUpdater,
    debt,
    assets: [asset],
    markets: [market],
    collateral: asset.token,
    amm: asset.amm,
    router,
    feed: asset.feed,
    boundedFeed: asset.boundedFeed,
    marketFeed: asset.marketFeed,
    twap: asset.twap,
    spotFeed: asset.spotFeed,
    ...market,
    market: lab,
    flash,
    burner,
    lens,
    attackLender,
    manipulator,
    addresses: {
      debt: await debt.getAddress(),
      collateral: await asset.token.getAddress(),
      amm: await asset.amm!.getAddress(), // a single-asset scenario always has its AMM
      router: await router.getAddress(),
      feed: await asset.feed.getAddress(),
      marketFeed: await asset.marketFeed.getAddress(),
      pool: await pool.getAddress(),
      auctions: await address(auctions),
      flash: await flash.getAddress(),
      attackLender: await address(attackLender),
      manipulator: await address(manipulator),
    },
    borrowers: [],
    opener: await opener.getAddress(),
    debtDecimals: s.tokens.debt.decimals,
    collateralDecimals: s.tokens.collateral.decimals,
    startTime: 0,
  };
  // Derivatives venues (issue 20) last: a scenario without `perp`/`options` deploys nothing more.
  const derivatives = await buildDerivatives(d, world);
  if (derivatives) world.derivatives = derivatives;
  return world;
}
