/**
 * Deploys a Morpho Blue market for a `MarketSetup` (issue 17): Morpho.sol from the npm package's sources, compiled
 * with solc 0.8.19 (hardhat.config.ts), owned by the setup's admin; an IOracle over the lab's feed; the interest
 * rate model; `enableIrm`, `enableLltv` and `createMarket`. docs/protocols-morpho.md gives the mapping.
 */
import { ZeroAddress } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import { FixedRateIrm__factory, MorphoFeedOracle__factory, Morpho__factory } from "../../../typechain-types";
import type { DeployMarket, MarketAdapter, MarketSetup } from "../market-adapter";
import { MorphoBlueAdapter, type MorphoMarketParams } from "./adapter";
import { WAD } from "./math";

/** What a Morpho deployment can vary beyond `MarketSetup`. */
export interface MorphoBlueOptions {
  /**
   * Borrow rate per second (WAD) of a FixedRateIrm (ours) the market uses; 0 (the default) uses Morpho's native
   * `irm = address(0)`: no interest at all.
   */
  borrowRatePerSecondWad?: bigint;
  /** An existing Morpho singleton to add the market to (owned by `setup.admin`); default: deploy a new one. */
  morpho?: string;
}

/** Refuses a setup Morpho cannot take: LLTV must be below 1 (Morpho's `MAX_LLTV_EXCEEDED`) and above 0. */
export function checkSetup(setup: MarketSetup): void {
  const lltv = setup.liquidationThresholdWad;
  if (lltv <= 0n || lltv >= WAD) {
    throw new Error(`Morpho Blue needs 0 < LLTV < 1e18 (WAD); market ${setup.market} asks ${lltv}`);
  }
}

async function deploy(
  hre: HardhatRuntimeEnvironment,
  setup: MarketSetup,
  options: MorphoBlueOptions,
): Promise<MarketAdapter> {
  checkSetup(setup);
  const admin = setup.admin;
  const adminAddress = await admin.getAddress();
  const morphoAddress =
    options.morpho ?? (await (await new Morpho__factory(admin).deploy(adminAddress)).waitForDeployment()).target;
  const morpho = Morpho__factory.connect(morphoAddress.toString(), admin);
  const oracle = await (
    await new MorphoFeedOracle__factory(admin).deploy(setup.collateralFeed, setup.debtToken, setup.collateralToken)
  ).waitForDeployment();
  const rate = options.borrowRatePerSecondWad ?? 0n;
  const irm =
    rate === 0n
      ? ZeroAddress
      : ((await (await new FixedRateIrm__factory(admin).deploy(rate)).waitForDeployment()).target as string);
  const params: MorphoMarketParams = {
    loanToken: setup.debtToken,
    collateralToken: setup.collateralToken,
    oracle: await oracle.getAddress(),
    irm,
    lltv: setup.liquidationThresholdWad,
  };
  if (!(await morpho.isIrmEnabled(irm))) await (await morpho.enableIrm(irm)).wait();
  if (!(await morpho.isLltvEnabled(params.lltv))) await (await morpho.enableLltv(params.lltv)).wait();
  const created = await (await morpho.createMarket(params)).wait();
  if (created === null) throw new Error(`Morpho createMarket for ${setup.market}: no receipt`);
  return new MorphoBlueAdapter(setup.market, hre.ethers.provider, {
    morpho: await morpho.getAddress(),
    params,
    feed: setup.collateralFeed,
    createdAtBlock: created.blockNumber,
    unmapped: { ltvWad: setup.ltvWad, liquidationBonusBps: setup.liquidationBonusBps },
  });
}

/** A DeployMarket for Morpho Blue with `options` (interest, a shared singleton). */
export function morphoBlueDeployer(options: MorphoBlueOptions = {}): DeployMarket {
  return (hre, setup) => deploy(hre, setup, options);
}

/** Morpho Blue as the side-by-side comparison deploys it: a new singleton, no interest (`irm = address(0)`). */
export const deployMorphoBlue: DeployMarket = morphoBlueDeployer();
