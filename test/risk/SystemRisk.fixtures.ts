import { ethers } from "hardhat";
import type { SystemRiskController, SystemRiskFeed } from "../../typechain-types";
import { deployMarket, ETH_PARAMS, WAD } from "../lending/fixtures";

/** maxAge of the test feed: 10 minutes. */
export const MAX_AGE = 600n;

export const PARAMS = {
  baseLtv: ETH_PARAMS.ltv,
  baseThreshold: ETH_PARAMS.liquidationThreshold,
  cutBps: 1_000,
  atRiskShareTrigger: WAD / 5n, // 20% of collateral at risk
  leverageTrigger: (WAD * 7n) / 10n, // aggregate debt 70% of collateral value
  rampDuration: 3_600,
  tightenWhenStale: false,
};

export async function systemRiskWorld(params: Partial<typeof PARAMS> = {}) {
  const m = await deployMarket();
  const [admin, , updater, stranger] = m.signers;
  const feed = (await ethers.deployContract("SystemRiskFeed", [
    admin.address,
    updater.address,
    MAX_AGE,
  ])) as unknown as SystemRiskFeed;
  const controller = (await ethers.deployContract("SystemRiskController", [
    await m.pool.getAddress(),
    await m.weth.getAddress(),
    await feed.getAddress(),
    { ...PARAMS, ...params },
  ])) as unknown as SystemRiskController;
  await m.pool.grantRole(await m.pool.RISK_ROLE(), await controller.getAddress());
  return { ...m, admin, updater, stranger, feed, controller };
}
