/**
 * Deploys the peers we benchmark against from the compiled artifacts their npm packages ship — Uniswap V2
 * (`@uniswap/v2-core`, `@uniswap/v2-periphery`) and Aave v3 (`@aave/core-v3`) — on the current Hardhat network.
 * Nothing here is compiled by us: the bytecode is the published one, so the gas figures are the peers' own.
 */
import * as path from "node:path";
import { ethers } from "hardhat";
import type { Signer } from "ethers";
import { Contract, ContractFactory, keccak256 } from "ethers";

/** A compiled artifact: ABI, creation bytecode (with or without `0x`) and, for Hardhat artifacts, link slots. */
interface Artifact {
  abi: unknown[];
  bytecode: string;
  linkReferences?: Record<string, Record<string, { start: number; length: number }[]>>;
}

function packageDir(name: string): string {
  return path.dirname(require.resolve(`${name}/package.json`));
}

/** Reads an artifact shipped in an npm package (`build/X.json` or `artifacts/contracts/.../X.json`). */
export function loadArtifact(pkg: string, file: string): Artifact {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(path.join(packageDir(pkg), file)) as Artifact;
}

/** Creation bytecode with `0x`, library addresses filled in at the artifact's link references. */
export function linkBytecode(a: Artifact, libraries: Record<string, string> = {}): string {
  let code = a.bytecode.startsWith("0x") ? a.bytecode.slice(2) : a.bytecode;
  for (const [, libs] of Object.entries(a.linkReferences ?? {})) {
    for (const [name, refs] of Object.entries(libs)) {
      const address = libraries[name];
      if (!address) throw new Error(`library ${name} not given for linking`);
      for (const { start, length } of refs) {
        code =
          code.slice(0, start * 2) +
          address
            .slice(2)
            .toLowerCase()
            .padStart(length * 2, "0") +
          code.slice((start + length) * 2);
      }
    }
  }
  return "0x" + code;
}

export async function deployArtifact(
  signer: Signer,
  a: Artifact,
  args: unknown[] = [],
  libraries: Record<string, string> = {},
): Promise<Contract> {
  const factory = new ContractFactory(a.abi as never, linkBytecode(a, libraries), signer);
  const c = await factory.deploy(...args);
  await c.waitForDeployment();
  return c as Contract;
}

/* UNISWAP V2 */

export interface UniswapV2 {
  factory: Contract;
  router: Contract;
  weth9: Contract;
  /** The `IUniswapV2Pair` ABI, to attach to pairs the factory creates. */
  pairAbi: unknown[];
  pair(tokenA: string, tokenB: string): Promise<Contract>;
}

/** keccak256 of the npm Pair's creation code: Router02's `pairFor` hard-codes it. */
export function uniswapPairInitCodeHash(): string {
  return keccak256(linkBytecode(loadArtifact("@uniswap/v2-core", "build/UniswapV2Pair.json")));
}

/** A fresh UniswapV2Factory (no protocol fee), WETH9 and Router02, from the npm packages' build/ artifacts. */
export async function deployUniswapV2(signer: Signer): Promise<UniswapV2> {
  const owner = await signer.getAddress();
  const factory = await deployArtifact(signer, loadArtifact("@uniswap/v2-core", "build/UniswapV2Factory.json"), [
    owner,
  ]);
  const weth9 = await deployArtifact(signer, loadArtifact("@uniswap/v2-periphery", "build/WETH9.json"));
  const router = await deployArtifact(signer, loadArtifact("@uniswap/v2-periphery", "build/UniswapV2Router02.json"), [
    await factory.getAddress(),
    await weth9.getAddress(),
  ]);
  const pairAbi = loadArtifact("@uniswap/v2-core", "build/UniswapV2Pair.json").abi;
  return {
    factory,
    router,
    weth9,
    pairAbi,
    pair: async (a, b) => new Contract(await factory.getPair(a, b), pairAbi as never, signer),
  };
}

/* AAVE V3 */

const AAVE = "@aave/core-v3";
const aave = (file: string) => loadArtifact(AAVE, `artifacts/contracts/${file}`);
const RAY = 10n ** 27n;
const LOGIC = ["BorrowLogic", "BridgeLogic", "EModeLogic", "LiquidationLogic", "PoolLogic", "SupplyLogic"] as const;

export interface AaveReserveParams {
  /** Basis points, Aave's units: 7500 = 75%. */
  ltv: number;
  liquidationThreshold: number;
  /** Basis points including the principal: 10500 = a 5% bonus. */
  liquidationBonus: number;
}

export interface AaveListing {
  asset: { getAddress(): Promise<string> } | string;
  decimals: number;
  /** USD price with 8 decimals (Chainlink's `latestAnswer` units). */
  price: bigint;
  /** Listed as collateral with these parameters; omitted: not collateral. */
  collateral?: AaveReserveParams;
  borrowable?: boolean;
}

export interface AaveV3 {
  provider: Contract;
  acl: Contract;
  pool: Contract;
  configurator: Contract;
  oracle: Contract;
  strategy: Contract;
  /** Replaces an asset's price source by a fresh Chainlink-style mock answering `price` (8 decimals). */
  setPrice(asset: string, price: bigint): Promise<void>;
}

/**
 * An Aave v3 market: PoolAddressesProvider, ACLManager, the logic libraries linked into Pool and PoolConfigurator
 * (proxied through the provider), AaveOracle over Chainlink-style mock feeds, AToken / StableDebtToken /
 * VariableDebtToken implementations and one interest-rate strategy (2% base, 10% / 100% slopes, 80% kink: the
 * same curve as our market's), then `initReserves`, `configureReserveAsCollateral` and `setReserveBorrowing`.
 * `signer` holds every admin role and is the treasury.
 */
export async function deployAaveV3(signer: Signer, listings: AaveListing[]): Promise<AaveV3> {
  const admin = await signer.getAddress();
  const provider = await deployArtifact(
    signer,
    aave("protocol/configuration/PoolAddressesProvider.sol/PoolAddressesProvider.json"),
    ["Cascade Lab bench", admin],
  );
  const providerAddress = await provider.getAddress();
  await (await provider.setACLAdmin(admin)).wait();
  const acl = await deployArtifact(signer, aave("protocol/configuration/ACLManager.sol/ACLManager.json"), [
    providerAddress,
  ]);
  await (await provider.setACLManager(await acl.getAddress())).wait();
  await (await acl.addPoolAdmin(admin)).wait();

  const libraries: Record<string, string> = {};
  for (const name of LOGIC) {
    const lib = await deployArtifact(signer, aave(`protocol/libraries/logic/${name}.sol/${name}.json`));
    libraries[name] = await lib.getAddress();
  }
  // FlashLoanLogic itself links BorrowLogic.
  const flash = await deployArtifact(
    signer,
    aave("protocol/libraries/logic/FlashLoanLogic.sol/FlashLoanLogic.json"),
    [],
    libraries,
  );
  libraries.FlashLoanLogic = await flash.getAddress();
  const poolImpl = await deployArtifact(signer, aave("protocol/pool/Pool.sol/Pool.json"), [providerAddress], libraries);
  await (await provider.setPoolImpl(await poolImpl.getAddress())).wait();
  const pool = new Contract(await provider.getPool(), poolImpl.interface, signer);

  const configuratorLogic = await deployArtifact(
    signer,
    aave("protocol/libraries/logic/ConfiguratorLogic.sol/ConfiguratorLogic.json"),
  );
  const configuratorImpl = await deployArtifact(
    signer,
    aave("protocol/pool/PoolConfigurator.sol/PoolConfigurator.json"),
    [],
    { ConfiguratorLogic: await configuratorLogic.getAddress() },
  );
  await (await provider.setPoolConfiguratorImpl(await configuratorImpl.getAddress())).wait();
  const configurator = new Contract(await provider.getPoolConfigurator(), configuratorImpl.interface, signer);

  const aggregator = aave("mocks/oracle/CLAggregators/MockAggregator.sol/MockAggregator.json");
  const assets = await Promise.all(
    listings.map(async (l) => (typeof l.asset === "string" ? l.asset : await l.asset.getAddress())),
  );
  const sources: string[] = [];
  for (const l of listings) sources.push(await (await deployArtifact(signer, aggregator, [l.price])).getAddress());
  const oracle = await deployArtifact(signer, aave("misc/AaveOracle.sol/AaveOracle.json"), [
    providerAddress,
    assets,
    sources,
    ethers.ZeroAddress,
    ethers.ZeroAddress,
    10n ** 8n,
  ]);
  await (await provider.setPriceOracle(await oracle.getAddress())).wait();

  const aToken = await deployArtifact(signer, aave("protocol/tokenization/AToken.sol/AToken.json"), [
    await pool.getAddress(),
  ]);
  const stableDebt = await deployArtifact(
    signer,
    aave("protocol/tokenization/StableDebtToken.sol/StableDebtToken.json"),
    [await pool.getAddress()],
  );
  const variableDebt = await deployArtifact(
    signer,
    aave("protocol/tokenization/VariableDebtToken.sol/VariableDebtToken.json"),
    [await pool.getAddress()],
  );
  const strategy = await deployArtifact(
    signer,
    aave("protocol/pool/DefaultReserveInterestRateStrategy.sol/DefaultReserveInterestRateStrategy.json"),
    [
      providerAddress,
      (RAY * 80n) / 100n,
      (RAY * 2n) / 100n,
      (RAY * 10n) / 100n,
      RAY,
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
      incentivesController: ethers.ZeroAddress,
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
    }
    if (l.borrowable) await (await configurator.setReserveBorrowing(assets[i], true)).wait();
  }

  const setPrice = async (asset: string, price: bigint) => {
    const source = await deployArtifact(signer, aggregator, [price]);
    await (await oracle.setAssetSources([asset], [await source.getAddress()])).wait();
  };
  return { provider, acl, pool, configurator, oracle, strategy, setPrice };
}
