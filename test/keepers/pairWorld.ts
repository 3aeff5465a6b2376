import { ethers } from "hardhat";
import { MARKET, ETH_PARAMS, USDC, ETH, FEED, WAD } from "../lending/fixtures";
import { deployUsdcWeth } from "../helpers/tokenOrder";

const NO_INTEREST = { baseRatePerYear: 0n, slope1PerYear: 0n, slope2PerYear: 0n, kinkUtilization: WAD / 2n };

/** Uniswap V2 getAmountOut at 30 bps (997/1000), rounded down. */
export const amountOut = (amountIn: bigint, reserveIn: bigint, reserveOut: bigint) =>
  (amountIn * 997n * reserveOut) / (reserveIn * 1000n + amountIn * 997n);

/** Uniswap V2 getAmountIn at 30 bps: floor(...) + 1. */
export const amountIn = (out: bigint, reserveIn: bigint, reserveOut: bigint) =>
  (reserveIn * out * 1000n) / ((reserveOut - out) * 997n) + 1n;

/**
 * A no-interest fixed-bonus market (USDC debt, WETH collateral on a mock feed at 2,000) with WETH sorting on
 * `wethSide` of USDC; a lender's 1,000,000 USDC; a borrower with 10 ETH and 15,000 USDC of debt, made liquidatable by
 * a drop to 1,700 (health 0.907); a WETH/USDC pool holding `ammWeth` / `ammUsdc`; the two keeper contracts; and a
 * keeper holding 20,000 USDC that approved the AtomicLiquidator.
 */
export async function pairWorld(wethSide: "token0" | "token1", ammWeth = ETH(500), ammUsdc = USDC(850_000)) {
  const [admin, lender, borrower, keeper] = await ethers.getSigners();
  const { usdc, weth } = await deployUsdcWeth(wethSide);
  const feed = await ethers.deployContract("MockPriceFeed", [8, FEED(2000)]);
  const market = await ethers.deployContract("LendingPool", [usdc, admin.address, MARKET, NO_INTEREST]);
  await market.listCollateral(weth, { feed, maxPriceAge: 3600, supplyCap: ETH(1_000_000), ...ETH_PARAMS });
  await usdc.mint(lender.address, USDC(1_000_000));
  await usdc.connect(lender).approve(market, ethers.MaxUint256);
  await market.connect(lender).supply(USDC(1_000_000), lender.address);
  await weth.mint(borrower.address, ETH(10));
  await weth.connect(borrower).approve(market, ETH(10));
  await market.connect(borrower).depositCollateral(weth, ETH(10), borrower.address);
  await market.connect(borrower).borrow(USDC(15_000), borrower.address, borrower.address);
  await feed.setAnswer(FEED(1700));

  const amm = await ethers.deployContract("ConstantProductPool", [weth, usdc, 30, "WETH/USDC LP", "CLP"]);
  await weth.mint(amm, ammWeth);
  await usdc.mint(amm, ammUsdc);
  await amm.mint(admin.address);

  const atomic = await ethers.deployContract("AtomicLiquidator");
  const flash = await ethers.deployContract("FlashLiquidator");
  await usdc.mint(keeper.address, USDC(20_000));
  await usdc.connect(keeper).approve(atomic, ethers.MaxUint256);
  return { usdc, weth, feed, market, amm, atomic, flash, borrower, keeper };
}

export type PairWorld = Awaited<ReturnType<typeof pairWorld>>;

/** The pool's reserves as (WETH, USDC), whatever the order of the pair. */
export async function wethUsdcReserves(w: PairWorld) {
  const [r0, r1] = await w.amm.getReserves();
  const wethIs0 = (await w.amm.token0()) === (await w.weth.getAddress());
  return wethIs0 ? { weth: r0, usdc: r1 } : { weth: r1, usdc: r0 };
}
