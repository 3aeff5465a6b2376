import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, USDC, ETH } from "../liquidation/fixtures";
import { FEED } from "../lending/fixtures";

/** Uniswap V2 getAmountOut at 30 bps. */
const amountOut = (amountIn: bigint, reserveIn: bigint, reserveOut: bigint) =>
  (amountIn * 9970n * reserveOut) / (reserveIn * 10_000n + amountIn * 9970n);

/** A fixed-bonus market with a liquidatable borrower (10 ETH, 15,000 debt at 1,700), a WETH/USDC pool 500 ETH deep at
 * 1,700, an AtomicLiquidator, and a keeper holding 20,000 USDC that approved it. */
async function atomicWorld() {
  const w = await auctionWorld();
  const amm = await ethers.deployContract("ConstantProductPool", [
    w.wethAddress,
    await w.usdc.getAddress(),
    30,
    "WETH/USDC LP",
    "CLP",
  ]);
  await w.weth.mint(await amm.getAddress(), ETH(500));
  await w.usdc.mint(await amm.getAddress(), USDC(850_000));
  await amm.mint(w.signers[0].address);
  const atomic = await ethers.deployContract("AtomicLiquidator");
  await w.usdc.mint(w.keeper.address, USDC(20_000));
  await w.usdc.connect(w.keeper).approve(await atomic.getAddress(), ethers.MaxUint256);
  await w.ethFeed.setAnswer(FEED(1700));
  return { ...w, amm, atomic };
}

async function wethReserves(w: Awaited<ReturnType<typeof atomicWorld>>) {
  const [r0, r1] = await w.amm.getReserves();
  const wethIs0 = (await w.amm.token0()) === w.wethAddress;
  return wethIs0 ? { weth: r0, usdc: r1 } : { weth: r1, usdc: r0 };
}

describe("AtomicLiquidator", () => {
  it("liquidates with the caller's capital, sells every seized unit and returns repayment plus profit", async () => {
    const w = await loadFixture(atomicWorld);
    const repay = USDC(5_000);
    const [, seized] = await w.pool.previewLiquidation(w.borrower.address, w.wethAddress, repay);
    const r = await wethReserves(w);
    const proceeds = amountOut(seized, r.weth, r.usdc);
    await expect(
      w.atomic
        .connect(w.keeper)
        .liquidateAndSell(w.poolAddress, w.borrower.address, w.wethAddress, repay, repay, await w.amm.getAddress(), 1),
    )
      .to.emit(w.atomic, "AtomicLiquidation")
      .withArgs(w.keeper.address, w.borrower.address, w.poolAddress, repay, seized, proceeds);
    expect(await w.usdc.balanceOf(w.keeper.address)).to.equal(USDC(20_000) - repay + proceeds);
    expect(await w.weth.balanceOf(w.keeper.address)).to.equal(0n);
    expect(await w.usdc.balanceOf(await w.atomic.getAddress())).to.equal(0n);
    expect(await w.weth.balanceOf(await w.atomic.getAddress())).to.equal(0n);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(USDC(10_000));
  });

  it("returns the part of the repayment the market did not take (close factor caps it)", async () => {
    const w = await loadFixture(atomicWorld);
    const [maxRepay, seized] = await w.pool.previewLiquidation(w.borrower.address, w.wethAddress, ethers.MaxUint256);
    expect(maxRepay).to.be.lessThan(USDC(20_000));
    const r = await wethReserves(w);
    const proceeds = amountOut(seized, r.weth, r.usdc);
    await w.atomic
      .connect(w.keeper)
      .liquidateAndSell(
        w.poolAddress,
        w.borrower.address,
        w.wethAddress,
        USDC(20_000),
        USDC(20_000),
        await w.amm.getAddress(),
        0,
      );
    expect(await w.usdc.balanceOf(w.keeper.address)).to.equal(USDC(20_000) - maxRepay + proceeds);
  });

  it("reverts with InsufficientProceeds below repayment plus the minimum, leaving the position untouched", async () => {
    const w = await loadFixture(atomicWorld);
    const repay = USDC(5_000);
    const [, seized] = await w.pool.previewLiquidation(w.borrower.address, w.wethAddress, repay);
    const r = await wethReserves(w);
    const proceeds = amountOut(seized, r.weth, r.usdc);
    const minProfit = proceeds - repay + 1n; // one unit more than the sale earns
    await expect(
      w.atomic
        .connect(w.keeper)
        .liquidateAndSell(
          w.poolAddress,
          w.borrower.address,
          w.wethAddress,
          repay,
          repay,
          await w.amm.getAddress(),
          minProfit,
        ),
    )
      .to.be.revertedWithCustomError(w.atomic, "InsufficientProceeds")
      .withArgs(proceeds, repay + minProfit);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(USDC(15_000));
    expect(await w.usdc.balanceOf(w.keeper.address)).to.equal(USDC(20_000));
  });

  it("pulls maxRepay and returns what the market did not take; refuses a maxRepay below the repayment", async () => {
    const w = await loadFixture(atomicWorld);
    const repay = USDC(5_000);
    const [, seized] = await w.pool.previewLiquidation(w.borrower.address, w.wethAddress, repay);
    const r = await wethReserves(w);
    const proceeds = amountOut(seized, r.weth, r.usdc);
    const amm = await w.amm.getAddress();
    await expect(
      w.atomic.connect(w.keeper).liquidateAndSell(w.poolAddress, w.borrower.address, w.wethAddress, repay, 1, amm, 0),
    )
      .to.be.revertedWithCustomError(w.atomic, "RepayAboveMax")
      .withArgs(repay, 1);
    await w.atomic
      .connect(w.keeper)
      .liquidateAndSell(w.poolAddress, w.borrower.address, w.wethAddress, repay, USDC(20_000), amm, 0);
    expect(await w.usdc.balanceOf(w.keeper.address)).to.equal(USDC(20_000) - repay + proceeds);
    expect(await w.usdc.balanceOf(await w.atomic.getAddress())).to.equal(0n);
  });

  it("refuses a pool that does not trade the market's pair", async () => {
    const w = await loadFixture(atomicWorld);
    const other = await ethers.deployContract("MockERC20", ["X", "X", 18]);
    const wrongAmm = await ethers.deployContract("ConstantProductPool", [
      await other.getAddress(),
      await w.usdc.getAddress(),
      30,
      "X/USDC",
      "X",
    ]);
    await expect(
      w.atomic
        .connect(w.keeper)
        .liquidateAndSell(w.poolAddress, w.borrower.address, w.wethAddress, 1, 1, await wrongAmm.getAddress(), 0),
    )
      .to.be.revertedWithCustomError(w.atomic, "PairMismatch")
      .withArgs(await wrongAmm.getAddress(), await w.usdc.getAddress(), w.wethAddress);
  });
});
