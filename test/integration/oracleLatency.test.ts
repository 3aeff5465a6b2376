import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { MARKET, RATES, ETH_PARAMS, USDC, ETH, FEED, WAD } from "../lending/fixtures";

/**
 * The seed's core vulnerability, on-chain: the time between a price change, the oracle update and the liquidation.
 * A market reads a LaggedPriceFeed with 60 s of latency; the crash is known (submitted) before the market sees it.
 */
async function laggedMarket() {
  const [admin, lender, borrower, keeper] = await ethers.getSigners();
  const usdc = await ethers.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
  const weth = await ethers.deployContract("MockERC20", ["Wrapped Ether", "WETH", 18]);
  const feed = await ethers.deployContract("LaggedPriceFeed", [8, "WETH / USDC", admin.address, admin.address, 60, 0]);
  await feed.submit(FEED(2000), await time.latest());
  const pool = await ethers.deployContract("LendingPool", [await usdc.getAddress(), admin.address, MARKET, RATES]);
  await pool.listCollateral(await weth.getAddress(), {
    feed: await feed.getAddress(),
    maxPriceAge: 3600,
    supplyCap: ETH(1_000_000),
    ...ETH_PARAMS,
  });
  await time.increase(61);
  await usdc.mint(lender.address, USDC(1_000_000));
  await usdc.connect(lender).approve(await pool.getAddress(), ethers.MaxUint256);
  await pool.connect(lender).supply(USDC(1_000_000), lender.address);
  await weth.mint(borrower.address, ETH(10));
  await weth.connect(borrower).approve(await pool.getAddress(), ETH(10));
  await pool.connect(borrower).depositCollateral(await weth.getAddress(), ETH(10), borrower.address);
  await pool.connect(borrower).borrow(USDC(15_000), borrower.address, borrower.address);
  await usdc.mint(keeper.address, USDC(100_000));
  await usdc.connect(keeper).approve(await pool.getAddress(), ethers.MaxUint256);
  return { pool, feed, usdc, weth, borrower, keeper };
}

describe("Integration: oracle latency decides when a liquidation can happen", () => {
  it("a submitted crash is pending for the latency; keepers can see it; liquidation works from the boundary", async () => {
    const w = await loadFixture(laggedMarket);
    const weth = await w.weth.getAddress();
    await w.feed.submit(FEED(1700), await time.latest()); // the market crashed: health would be 13,600 / 15,000
    const submittedAt = await time.latest();
    // The market still reads 2,000: the position is healthy on-chain while it is already underwater outside.
    expect(await w.pool.priceOf(weth)).to.equal(2000n * WAD);
    await expect(
      w.pool.connect(w.keeper).liquidate(w.borrower.address, weth, USDC(7_500), w.keeper.address, 0),
    ).to.be.revertedWithCustomError(w.pool, "NotLiquidatable");
    // A back-runner knows exactly when the update lands and at what price.
    const [, count] = await w.feed.pendingRounds();
    expect(count).to.equal(1n);
    const [, pendingAnswer] = await w.feed.latestSubmittedAnswer();
    expect(pendingAnswer).to.equal(FEED(1700));
    // One second before the boundary the price is still old; at the boundary the liquidation goes through.
    await time.setNextBlockTimestamp(submittedAt + 59);
    await expect(
      w.pool.connect(w.keeper).liquidate(w.borrower.address, weth, USDC(7_500), w.keeper.address, 0),
    ).to.be.revertedWithCustomError(w.pool, "NotLiquidatable");
    await time.setNextBlockTimestamp(submittedAt + 60);
    await expect(w.pool.connect(w.keeper).liquidate(w.borrower.address, weth, USDC(7_500), w.keeper.address, 0))
      .to.emit(w.pool, "Liquidation")
      .withArgs(
        w.keeper.address,
        w.borrower.address,
        weth,
        w.keeper.address,
        USDC(7_500),
        (USDC(7_500) * 10_500n * 10n ** 18n) / (10_000n * USDC(1700)),
        1700n * WAD,
        (h: bigint) => h < WAD,
        (h: bigint) => h > 0n,
      );
  });
});
