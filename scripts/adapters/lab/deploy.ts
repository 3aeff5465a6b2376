/**
 * Deploys the lab's LendingPool for a `MarketSetup` (issue 17). Market-wide rules not in the setup take the lab's
 * scenario defaults (scripts/sim/scenario/market-schema.ts): close factor 50% above health 0.95, dust 10 whole debt
 * tokens, reserve factor 10%, kinked rates 0% / 4% / 75% with the kink at 80%.
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { DeployMarket, MarketSetup } from "../market-adapter";
import { LabAdapter } from "./adapter";

const WAD = 10n ** 18n;
/** LendingPool.MAX_PRICE_AGE: the loosest staleness bound the pool accepts (seconds). */
const MAX_PRICE_AGE_SECONDS = 7 * 24 * 3600;
const MAX_UINT128 = 2n ** 128n - 1n;
/** `mechanisms` bit of the fixed-bonus liquidation (LendingPool.MECHANISM_FIXED_BONUS). */
const MECHANISM_FIXED_BONUS = 1;

export interface LabMarketOptions {
  /** WAD share of the debt one liquidation may repay while health >= `fullCloseHealthFactor` (default 0.5). */
  closeFactor?: bigint;
  /** WAD health below which the whole debt may be repaid (default 0.95). */
  fullCloseHealthFactor?: bigint;
  /** Whole debt tokens a liquidation may not leave behind (default 10). */
  dustTokens?: bigint;
  /** Zero interest: debts stay put to the wei between blocks (conformance tests). Default false. */
  zeroInterest?: boolean;
}

/** A `DeployMarket` for the lab's LendingPool with these market-wide options. */
export function deployLabWith(options: LabMarketOptions = {}): DeployMarket {
  return async (hre: HardhatRuntimeEnvironment, setup: MarketSetup) => {
    const admin = await setup.admin.getAddress();
    const debt = await hre.ethers.getContractAt("MockERC20", setup.debtToken);
    const decimals = await debt.decimals();
    const market = {
      closeFactor: options.closeFactor ?? WAD / 2n,
      fullCloseHealthFactor: options.fullCloseHealthFactor ?? (WAD * 95n) / 100n,
      dust: (options.dustTokens ?? 10n) * 10n ** decimals,
      reserveFactorBps: 1000,
      mechanisms: MECHANISM_FIXED_BONUS,
    };
    const rates = options.zeroInterest
      ? { baseRatePerYear: 0n, slope1PerYear: 0n, slope2PerYear: 0n, kinkUtilization: (WAD * 80n) / 100n }
      : {
          baseRatePerYear: 0n,
          slope1PerYear: (WAD * 4n) / 100n,
          slope2PerYear: (WAD * 75n) / 100n,
          kinkUtilization: (WAD * 80n) / 100n,
        };
    const factory = await hre.ethers.getContractFactory("LendingPool", setup.admin);
    const pool = await factory.deploy(setup.debtToken, admin, market, rates);
    await pool.waitForDeployment();
    await (
      await pool.listCollateral(setup.collateralToken, {
        feed: setup.collateralFeed,
        maxPriceAge: MAX_PRICE_AGE_SECONDS,
        ltv: setup.ltvWad,
        liquidationThreshold: setup.liquidationThresholdWad,
        liquidationBonusBps: setup.liquidationBonusBps,
        supplyCap: MAX_UINT128,
      })
    ).wait();
    return LabAdapter.attach(setup.market, await pool.getAddress(), setup.admin);
  };
}

/** The lab's market with its scenario defaults. */
export const deployLab: DeployMarket = deployLabWith();
