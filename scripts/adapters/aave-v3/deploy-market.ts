/**
 * A `DeployMarket` for Aave v3 (issue 17): the setup's debt token as the one borrowable reserve, its collateral token
 * as a collateral reserve priced by the lab's feed through LatestAnswerFeed (AaveOracle reads `latestAnswer()`; the
 * feed's latency applies unchanged), and the debt token at a fixed 1 in the feed's units (the base currency).
 */
import type { HardhatRuntimeEnvironment } from "hardhat/types";
import type { DeployMarket, MarketSetup } from "../market-adapter";
import { AaveV3Adapter } from "./adapter";
import { deployAaveV3, type AaveRateCurve } from "./deploy";

/** WAD -> basis points (Aave's units), refusing a ratio finer than one basis point. */
export function wadToBps(x: bigint): number {
  const BPS_IN_WAD = 10n ** 14n;
  if (x % BPS_IN_WAD !== 0n) throw new Error(`${x} (WAD) is finer than Aave's basis points`);
  return Number(x / BPS_IN_WAD);
}

export interface AaveMarketOptions {
  /** The treasury's share of the liquidation bonus, basis points (default 0; Aave mainnet WETH: 1000). */
  liquidationProtocolFeeBps?: number;
  /** Zero interest: indexes stay at 1 RAY, debts stay put to the wei (conformance tests). Default false. */
  zeroInterest?: boolean;
}

/** The lab's default curve in Aave's terms: 0% base, 4% to the 80% kink, 75% above (RAY per year). */
const LAB_RATES: AaveRateCurve = {
  optimalUsageRatio: (10n ** 27n * 80n) / 100n,
  baseVariableBorrowRate: 0n,
  variableRateSlope1: (10n ** 27n * 4n) / 100n,
  variableRateSlope2: (10n ** 27n * 75n) / 100n,
};
const ZERO_RATES: AaveRateCurve = {
  optimalUsageRatio: LAB_RATES.optimalUsageRatio,
  baseVariableBorrowRate: 0n,
  variableRateSlope1: 0n,
  variableRateSlope2: 0n,
};

export function deployAaveV3With(options: AaveMarketOptions = {}): DeployMarket {
  return async (hre: HardhatRuntimeEnvironment, setup: MarketSetup) => {
    const erc20 = (a: string) => hre.ethers.getContractAt("MockERC20", a, setup.admin);
    const debtDecimals = Number(await (await erc20(setup.debtToken)).decimals());
    const collateralDecimals = Number(await (await erc20(setup.collateralToken)).decimals());
    const feed = await hre.ethers.getContractAt("AggregatorV3Interface", setup.collateralFeed, setup.admin);
    const baseCurrencyUnit = 10n ** (await feed.decimals());
    const source = await hre.ethers.deployContract("LatestAnswerFeed", [setup.collateralFeed], setup.admin);
    await source.waitForDeployment();
    const aave = await deployAaveV3(
      setup.admin,
      [
        { asset: setup.debtToken, decimals: debtDecimals, price: baseCurrencyUnit, borrowable: true },
        {
          asset: setup.collateralToken,
          decimals: collateralDecimals,
          source: await source.getAddress(),
          collateral: {
            ltv: wadToBps(setup.ltvWad),
            liquidationThreshold: wadToBps(setup.liquidationThresholdWad),
            liquidationBonus: 10_000 + setup.liquidationBonusBps,
            liquidationProtocolFee: options.liquidationProtocolFeeBps ?? 0,
          },
        },
      ],
      { baseCurrencyUnit, rates: options.zeroInterest ? ZERO_RATES : LAB_RATES },
    );
    return AaveV3Adapter.attach(
      setup.market,
      await aave.pool.getAddress(),
      await aave.oracle.getAddress(),
      setup.debtToken,
      [setup.collateralToken],
      setup.admin,
    );
  };
}

/** Aave v3 with no protocol fee and the lab's default rate curve. */
export const deployAaveV3Market: DeployMarket = deployAaveV3With();
