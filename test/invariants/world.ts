import { ethers, artifacts, network } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { MARKET, RATES, ETH_PARAMS, BTC_PARAMS, USDC, ETH, BTC, FEED, WAD } from "../lending/fixtures";
import { AUCTION, TIP } from "../liquidation/fixtures";

export const RAY = 10n ** 27n;
/** The WETH feed is a real LaggedPriceFeed: a submitted answer becomes visible this many seconds later. */
export const ETH_FEED_LATENCY = 30;
const pct = (n: bigint) => (WAD * n) / 100n;
/**
 * The dynamic risk controller on WETH: calm 75%/80% (the listing's values), floors 50%/60%, 5 points per step at most
 * once a minute (coarser than the tests' 1 point an hour, so that a fuzz run of 20 steps can move it), depth target
 * 50% of the WETH collateral value in the AMM's USDC reserve.
 */
export const RISK_PARAMS = {
  baseLtv: pct(75n),
  baseThreshold: pct(80n),
  minLtv: pct(50n),
  maxLtv: pct(80n),
  minThreshold: pct(60n),
  maxThreshold: pct(85n),
  ewmaLambda: pct(90n),
  volSensitivity: 5n * WAD,
  targetDepthRatio: pct(50n),
  maxThresholdStep: pct(5n),
  minUpdateInterval: 60,
  depthWindow: 3600,
};
/**
 * The circuit breaker watching both feeds: trips on a 30% move within an hour or 150k USDC of liquidations in an
 * hour, then pauses borrowing, throttles liquidations to 40k USDC a block and halts kicks for 30 minutes.
 */
export const BREAKER_CONFIG = {
  maxPriceMoveBps: 3000,
  priceWindow: 3600,
  cooldown: 1800,
  liquidationCapPerBlock: USDC(40_000),
  maxLiquidationVolume: USDC(150_000),
  volumeWindow: 3600,
  effects: 1 | 2 | 4,
};

/**
 * The fuzzed world: a USDC market with WETH (18 decimals, 2,000, on a LaggedPriceFeed) and WBTC (8 decimals, 30,000,
 * on a MockPriceFeed) collateral, interest on, the Dutch-auction liquidator wired in, a WETH/USDC constant-product
 * pool, a CircuitBreaker as the market's liquidation guard and pause holder, a DynamicRiskController moving WETH's
 * LTV and threshold, and a FlashLiquidator for keepers.
 *
 * Accounts: admin (also guardian), 2 lenders, 4 borrowers, 1 keeper, 1 trader/LP, 1 stranger who owns nothing in
 * the market. Everyone holds plenty of every token and has approved the pool, the auction and the AMM.
 */
export async function fuzzWorld() {
  const signers = await ethers.getSigners();
  const [admin, lenderA, lenderB, b0, b1, b2, b3, keeper, trader, stranger] = signers;
  const lenders = [lenderA, lenderB];
  const borrowers = [b0, b1, b2, b3];
  const usdc = await ethers.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
  const weth = await ethers.deployContract("MockERC20", ["Wrapped Ether", "WETH", 18]);
  const wbtc = await ethers.deployContract("MockERC20", ["Wrapped Bitcoin", "WBTC", 8]);
  const ethFeed = await ethers.deployContract("LaggedPriceFeed", [
    8,
    "ETH / USD",
    admin.address,
    admin.address,
    ETH_FEED_LATENCY,
    0,
  ]);
  await ethFeed.submit(FEED(2000), await time.latest());
  await time.increase(ETH_FEED_LATENCY);
  const btcFeed = await ethers.deployContract("MockPriceFeed", [8, FEED(30000)]);
  const pool = await ethers.deployContract("LendingPool", [await usdc.getAddress(), admin.address, MARKET, RATES]);
  await pool.listCollateral(weth, { feed: ethFeed, maxPriceAge: 3600, supplyCap: ETH(1_000_000), ...ETH_PARAMS });
  await pool.listCollateral(wbtc, { feed: btcFeed, maxPriceAge: 3600, supplyCap: BTC(100_000), ...BTC_PARAMS });

  const curve = await ethers.deployContract("StairstepExponentialDecrease", [90, (RAY * 99n) / 100n]);
  const auctions = await ethers.deployContract("DutchAuctionLiquidator", [admin.address, { curve, ...AUCTION }]);
  await pool.setAuctionLiquidator(auctions);
  // Limits small enough that the fuzzer meets partial kicks and NoRoom.
  await auctions.setMarketSettings(pool, { enabled: true, tip: TIP, debtLimit: USDC(120_000) });
  await auctions.setAssetDebtLimit(pool, weth, USDC(80_000));
  await auctions.setAssetDebtLimit(pool, wbtc, USDC(80_000));

  const amm = await ethers.deployContract("ConstantProductPool", [weth, usdc, 30, "Cascade LP", "CLP"]);
  const flash = await ethers.deployContract("FlashLiquidator");
  const guardianRole = await pool.GUARDIAN_ROLE();
  const breaker = await ethers.deployContract("CircuitBreaker", [
    admin.address,
    pool,
    auctions,
    [ethFeed, btcFeed],
    BREAKER_CONFIG,
  ]);
  await pool.grantRole(guardianRole, breaker);
  await auctions.grantRole(guardianRole, breaker);
  await pool.setLiquidationGuard(breaker);
  await breaker.grantRole(guardianRole, admin.address);
  const controller = await ethers.deployContract("DynamicRiskController", [
    admin.address,
    pool,
    weth,
    amm,
    RISK_PARAMS,
  ]);
  await pool.grantRole(await pool.RISK_ROLE(), controller);

  const everyone = [admin, ...lenders, ...borrowers, keeper, trader, stranger];
  for (const s of everyone) {
    await usdc.mint(s.address, USDC(10_000_000));
    await weth.mint(s.address, ETH(10_000));
    await wbtc.mint(s.address, BTC(1_000));
    for (const spender of [pool, auctions]) {
      await usdc.connect(s).approve(spender, ethers.MaxUint256);
      await weth.connect(s).approve(spender, ethers.MaxUint256);
      await wbtc.connect(s).approve(spender, ethers.MaxUint256);
    }
  }
  // Seed the AMM at the oracle price: 1,000 WETH / 2,000,000 USDC.
  await weth.connect(trader).transfer(amm, ETH(1_000));
  await usdc.connect(trader).transfer(amm, USDC(2_000_000));
  await amm.mint(trader.address);

  // Starting book: both lenders supply, every borrower holds a position at 90-97% of its borrow limit.
  await pool.connect(lenderA).supply(USDC(400_000), lenderA.address);
  await pool.connect(lenderB).supply(USDC(300_000), lenderB.address);
  // Health 1.10-1.17: a 10-15% move makes them liquidatable.
  const debts = [USDC(14_000), USDC(14_500), USDC(52_000), USDC(55_000)];
  for (const [i, b] of borrowers.entries()) {
    await pool.connect(b).depositCollateral(weth, ETH(10), b.address);
    if (i >= 2) await pool.connect(b).depositCollateral(wbtc, BTC(2), b.address);
    await pool.connect(b).borrow(debts[i], b.address, b.address);
  }
  await breaker.poke();
  await controller.update(); // records the first price
  const reader = await stateReader(
    { pool, auctions, amm, usdc, weth, wbtc, ethFeed, btcFeed, trader },
    everyone.map((s) => s.address),
  );
  return {
    reader,
    signers,
    admin,
    lenders,
    borrowers,
    keeper,
    trader,
    stranger,
    /** Index = the `who` of an action record. */
    actors: everyone,
    usdc,
    weth,
    wbtc,
    ethFeed,
    btcFeed,
    pool,
    auctions,
    curve,
    amm,
    flash,
    breaker,
    controller,
  };
}

type ReaderKey = "pool" | "auctions" | "amm" | "usdc" | "weth" | "wbtc" | "ethFeed" | "btcFeed" | "trader";

/** Where the test-only FuzzStateReader's code is placed (no deployment: no block mined, no nonce used). */
export const READER_ADDRESS = "0x00000000000000000000000000000000f022ead0";

/**
 * Places FuzzStateReader's code at READER_ADDRESS with `hardhat_setCode` (inside the fixture, so every run's
 * snapshot holds it) and encodes the one call that reads the whole world: its arguments never change.
 */
async function stateReader(world: Record<ReaderKey, { getAddress(): Promise<string> }>, actors: string[]) {
  const artifact = await artifacts.readArtifact("FuzzStateReader");
  await network.provider.request({ method: "hardhat_setCode", params: [READER_ADDRESS, artifact.deployedBytecode] });
  const contract = await ethers.getContractAt("FuzzStateReader", READER_ADDRESS);
  const addresses = {} as Record<keyof typeof world, string>;
  for (const k of Object.keys(world) as ReaderKey[]) addresses[k] = await world[k].getAddress();
  return { address: READER_ADDRESS, data: contract.interface.encodeFunctionData("read", [addresses, actors]) };
}

export type FuzzWorld = Awaited<ReturnType<typeof fuzzWorld>>;
