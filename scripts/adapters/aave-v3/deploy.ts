/**
 * Aave v3 (`@aave/core-v3` 1.19, protocol v3.0.2) deployed from the compiled artifacts its npm package ships:
 * PoolAddressesProvider, ACLManager, the logic libraries linked into Pool and PoolConfigurator (proxied through the
 * provider), AaveOracle, AToken / StableDebtToken / VariableDebtToken implementations and one
 * DefaultReserveInterestRateStrategy. Used by the gas bench (scripts/bench/peers.ts) and the market adapter.
 */
import type { Signer } from "ethers";
import { Contract, ZeroAddress } from "ethers";
import { deployArtifact, loadArtifact } from "./npm-artifact";

const AAVE = "@aave/core-v3";
/** An artifact of `@aave/core-v3` by its path under `artifacts/contracts/`. */
export const aaveArtifact = (file: string) => loadArtifact(AAVE, `artifacts/contracts/${file}`);
const RAY = 10n ** 27n;
/** PoolAddressesProvider's market id (a label); kept from the gas bench, which deployed it first. */
const MARKET_ID = "Cascade Lab bench";
const LOGIC = ["BorrowLogic", "BridgeLogic", "EModeLogic", "LiquidationLogic", "PoolLogic", "SupplyLogic"] as const;
/** Chainlink's USD feeds' decimals: AaveOracle's default base-currency unit. */
const DEFAULT_BASE_UNIT = 10n ** 8n;

export interface AaveReserveParams {
  /** Basis points, Aave's units: 7500 = 75%. */
  ltv: number;
  liquidationThreshold: number;
  /** Basis points including the principal: 10500 = a 5% bonus. */
  liquidationBonus: number;
  /** Share of the bonus paid to the treasury, basis points (Aave's `liquidationProtocolFee`; default 0). */
  liquidationProtocolFee?: number;
}

export interface AaveListing {
  asset: { getAddress(): Promise<string> } | string;
  decimals: number;
  /** A fixed price in the base currency (Aave's MockAggregator answers it); or `source`. */
  price?: bigint;
  /** An aggregator answering `latestAnswer()` in the base currency's units (e.g. a LatestAnswerFeed). */
  source?: string;
  /** Listed as collateral with these parameters; omitted: not collateral. */
  collateral?: AaveReserveParams;
  borrowable?: boolean;
}

/** DefaultReserveInterestRateStrategy's variable curve (RAY per year); stable rates are off. */
export interface AaveRateCurve {
  optimalUsageRatio: bigint;
  baseVariableBorrowRate: bigint;
  variableRateSlope1: bigint;
  variableRateSlope2: bigint;
}

/** 2% base, 10% / 100% slopes, 80% kink: the bench's curve, the lab market fixtures' own. */
export const BENCH_RATES: AaveRateCurve = {
  optimalUsageRatio: (RAY * 80n) / 100n,
  baseVariableBorrowRate: (RAY * 2n) / 100n,
  variableRateSlope1: (RAY * 10n) / 100n,
  variableRateSlope2: RAY,
};

export interface AaveDeployOptions {
  /** AaveOracle's BASE_CURRENCY_UNIT: the price of one unit of the base currency (default 1e8, USD feeds). */
  baseCurrencyUnit?: bigint;
  rates?: AaveRateCurve;
}

export interface AaveV3 {
  provider: Contract;
  acl: Contract;
  pool: Contract;
  configurator: Contract;
  oracle: Contract;
  strategy: Contract;
  /** Replaces an asset's price source by a fresh Chainlink-style mock answering `price` (base-currency units). */
  setPrice(asset: string, price: bigint): Promise<void>;
}

/**
 * An Aave v3 market with `listings`, then `initReserves`, `configureReserveAsCollateral`,
 * `setLiquidationProtocolFee` and `setReserveBorrowing`. `signer` holds every admin role and is the treasury.
 */
export async function deployAaveV3(
  signer: Signer,
  listings: AaveListing[],
  options: AaveDeployOptions = {},
): Promise<AaveV3> {
  const admin = await signer.getAddress();
  const provider = await deployArtifact(
    signer,
    aaveArtifact("protocol/configuration/PoolAddressesProvider.sol/PoolAddressesProvider.json"),
    [MARKET_ID, admin],
  );
  const providerAddress = await provider.getAddress();
  await (await provider.setACLAdmin(admin)).wait();
  const acl = await deployArtifact(signer, aaveArtifact("protocol/configuration/ACLManager.sol/ACLManager.json"), [
    providerAddress,
  ]);
  await (await provider.setACLManager(await acl.getAddress())).wait();
  await (await acl.addPoolAdmin(admin)).wait();

  const libraries: Record<string, string> = {};
  for (const name of LOGIC) {
    const lib = await deployArtifact(signer, aaveArtifact(`protocol/libraries/logic/${name}.sol/${name}.json`));
    libraries[name] = await lib.getAddress();
  }
  // FlashLoanLogic itself links BorrowLogic.
  const flash = await deployArtifact(
    signer,
    aaveArtifact("protocol/libraries/logic/FlashLoanLogic.sol/FlashLoanLogic.json"),
    [],
    libraries,
  );
  libraries.FlashLoanLogic = await flash.getAddress();
  const poolImpl = await deployArtifact(
    signer,
    aaveArtifact("protocol/pool/Pool.sol/Pool.json"),
    [providerAddress],
    libraries,
  );
  await (await provider.setPoolImpl(await poolImpl.getAddress())).wait();
  const pool = new Contract(await provider.getPool(), poolImpl.interface, signer);

  const configuratorLogic = await deployArtifact(
    signer,
    aaveArtifact("protocol/libraries/logic/ConfiguratorLogic.sol/ConfiguratorLogic.json"),
  );
  const configuratorImpl = await deployArtifact(
    signer,
    aaveArtifact("protocol/pool/PoolConfigurator.sol/PoolConfigurator.json"),
    [],
    { ConfiguratorLogic: await configuratorLogic.getAddress() },
  );
  await (await provider.setPoolConfiguratorImpl(await configuratorImpl.getAddress())).wait();
  const configurator = new Contract(await provider.getPoolConfigurator(), configuratorImpl.interface, signer);

  const aggregator = aaveArtifact("mocks/oracle/CLAggregators/MockAggregator.sol/MockAggregator.json");
  const assets = await Promise.all(
    listings.map(async (l) => (typeof l.asset === "string" ? l.asset : await l.asset.getAddress())),
  );
  const sources: string[] = [];
  for (const l of listings) {
    if (l.source) sources.push(l.source);
    else if (l.price !== undefined)
      sources.push(await (await deployArtifact(signer, aggregator, [l.price])).getAddress());
    else throw new Error("an Aave listing needs a price or a source");
  }
  const oracle = await deployArtifact(signer, aaveArtifact("misc/AaveOracle.sol/AaveOracle.json"), [
    providerAddress,
    assets,
    sources,
    ZeroAddress,
    ZeroAddress,
    options.baseCurrencyUnit ?? DEFAULT_BASE_UNIT,
  ]);
  await (await provider.setPriceOracle(await oracle.getAddress())).wait();

  const aToken = await deployArtifact(signer, aaveArtifact("protocol/tokenization/AToken.sol/AToken.json"), [
    await pool.getAddress(),
  ]);
  const stableDebt = await deployArtifact(
    signer,
    aaveArtifact("protocol/tokenization/StableDebtToken.sol/StableDebtToken.json"),
    [await pool.getAddress()],
  );
  const variableDebt = await deployArtifact(
    signer,
    aaveArtifact("protocol/tokenization/VariableDebtToken.sol/VariableDebtToken.json"),
    [await pool.getAddress()],
  );
  const r = options.rates ?? BENCH_RATES;
  const strategy = await deployArtifact(
    signer,
    aaveArtifact("protocol/pool/DefaultReserveInterestRateStrategy.sol/DefaultReserveInterestRateStrategy.json"),
    [
      providerAddress,
      r.optimalUsageRatio,
      r.baseVariableBorrowRate,
      r.variableRateSlope1,
      r.variableRateSlope2,
      0n,
      0n,
      0n,
      0n,
      (RAY * 20n) / 100n,
    ],
  );

  const inputs = [];
  for (const [i, l] of listings.entries()) {
    const token = new Contract(assets[i], ["function symbol() view returns (string)"], signer);
    const symbol = (await token.symbol()) as string;
    inputs.push({
      aTokenImpl: await aToken.getAddress(),
      stableDebtTokenImpl: await stableDebt.getAddress(),
      variableDebtTokenImpl: await variableDebt.getAddress(),
      underlyingAssetDecimals: l.decimals,
      interestRateStrategyAddress: await strategy.getAddress(),
      underlyingAsset: assets[i],
      treasury: admin,
      incentivesController: ZeroAddress,
      aTokenName: `Aave ${symbol}`,
      aTokenSymbol: `a${symbol}`,
      variableDebtTokenName: `Aave variable debt ${symbol}`,
      variableDebtTokenSymbol: `variableDebt${symbol}`,
      stableDebtTokenName: `Aave stable debt ${symbol}`,
      stableDebtTokenSymbol: `stableDebt${symbol}`,
      params: "0x",
    });
  }
  await (await configurator.initReserves(inputs)).wait();
  for (const [i, l] of listings.entries()) {
    if (l.collateral) {
      const c = l.collateral;
      await (
        await configurator.configureReserveAsCollateral(assets[i], c.ltv, c.liquidationThreshold, c.liquidationBonus)
      ).wait();
      if (c.liquidationProtocolFee) {
        await (await configurator.setLiquidationProtocolFee(assets[i], c.liquidationProtocolFee)).wait();
      }
    }
    if (l.borrowable) await (await configurator.setReserveBorrowing(assets[i], true)).wait();
  }

  const setPrice = async (asset: string, price: bigint) => {
    const source = await deployArtifact(signer, aggregator, [price]);
    await (await oracle.setAssetSources([asset], [await source.getAddress()])).wait();
  };
  return { provider, acl, pool, configurator, oracle, strategy, setPrice };
}
