import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, USDC, ETH } from "../liquidation/fixtures";
import { FEED } from "../lending/fixtures";

/** Uniswap V2 getAmountOut at 30 bps. */
const amountOut = (amountIn: bigint, reserveIn: bigint, reserveOut: bigint) =>
  (amountIn * 9970n * reserveOut) / (reserveIn * 10_000n + amountIn * 9970n);

/** The auction world plus a WETH/USDC pool at 1,700 (500 ETH deep) and a FlashLiquidator. */
async function flashWorld() {
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
  const flash = await ethers.deployContract("FlashLiquidator");
  await w.ethFeed.setAnswer(FEED(1700)); // the borrower (10 ETH, 15,000 debt) is now liquidatable
  return { ...w, amm, flash, keeperAddress: w.keeper.address };
}

async function reserves(w: Awaited<ReturnType<typeof flashWorld>>) {
  const [r0, r1] = await w.amm.getReserves();
  const wethIs0 = (await w.amm.token0()) === w.wethAddress;
  return wethIs0 ? { weth: r0, usdc: r1 } : { weth: r1, usdc: r0 };
}

describe("FlashLiquidator", () => {
  it("auction: takes, sells the collateral into the AMM, pays, and sends the profit to the keeper", async () => {
    const w = await loadFixture(flashWorld);
    await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
    const keeperBefore = await w.usdc.balanceOf(w.keeper.address);
    // Start price 2,040 is above the AMM's 1,700: wait until the auction is cheap enough to cover the AMM's slippage
    // on 10 ETH. 0.99^25 x 2,040 = 1,588
    await ethers.provider.send("evm_increaseTime", [25 * 90]);
    await ethers.provider.send("evm_mine", []);
    const a = await w.auctions.auction(1);
    const r = await reserves(w);
    const sold = a.collateral; // all 10 ETH: 10 x 1,669 < the tab, so the whole lot goes
    const proceeds = amountOut(sold, r.weth, r.usdc);
    const owe = (sold * a.price + 10n ** 30n - 1n) / 10n ** 30n;
    await w.flash
      .connect(w.keeper)
      .takeAndSell(await w.auctions.getAddress(), 1, ETH(10), a.price, await w.amm.getAddress(), 1, w.keeper.address);
    expect((await w.usdc.balanceOf(w.keeper.address)) - keeperBefore).to.equal(proceeds - owe);
    expect(await w.usdc.balanceOf(await w.flash.getAddress())).to.equal(0n);
    expect(await w.weth.balanceOf(await w.flash.getAddress())).to.equal(0n);
  });

  it("auction: reverts with InsufficientProfit when the AMM pays less than the auction asks", async () => {
    const w = await loadFixture(flashWorld);
    await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
    const a = await w.auctions.auction(1); // 2,040 > what the AMM pays: the sale cannot cover the payment
    await expect(
      w.flash
        .connect(w.keeper)
        .takeAndSell(await w.auctions.getAddress(), 1, ETH(1), a.price, await w.amm.getAddress(), 0, w.keeper.address),
    ).to.be.revertedWithCustomError(w.usdc, "ERC20InsufficientBalance");
    // A profitable size that misses the keeper's minimum reverts with the profit it would have made.
    await ethers.provider.send("evm_increaseTime", [20 * 90]);
    await ethers.provider.send("evm_mine", []);
    const cheap = await w.auctions.auction(1);
    await expect(
      w.flash
        .connect(w.keeper)
        .takeAndSell(
          await w.auctions.getAddress(),
          1,
          ETH(1),
          cheap.price,
          await w.amm.getAddress(),
          USDC(1_000),
          w.keeper.address,
        ),
    )
      .to.be.revertedWithCustomError(w.flash, "InsufficientProfit")
      .withArgs((p: bigint) => p > 0n && p < USDC(1_000), USDC(1_000));
  });

  it("fixed bonus: flash-borrows the debt, liquidates, repays in collateral, sells the rest, pays the keeper", async () => {
    const w = await loadFixture(flashWorld);
    const repay = USDC(5_000);
    const [, seized] = await w.pool.previewLiquidation(w.borrower.address, w.wethAddress, repay);
    const r = await reserves(w);
    // pay back 5,000 USDC of flash swap in WETH at the pre-swap reserves (getAmountIn, rounded up)
    const owed = (r.weth * repay * 10_000n) / ((r.usdc - repay) * 9970n) + 1n;
    const rest = seized - owed;
    const proceeds = amountOut(rest, r.weth + owed, r.usdc - repay);
    await w.flash
      .connect(w.keeper)
      .liquidateWithFlashSwap(
        { market: w.poolAddress, borrower: w.borrower.address, collateralAsset: w.wethAddress, repayAmount: repay },
        await w.amm.getAddress(),
        1,
        w.keeper.address,
      );
    expect(await w.usdc.balanceOf(w.keeper.address)).to.equal(proceeds);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(USDC(10_000));
  });

  it("fixed bonus: unprofitable minimum reverts with InsufficientProfit; foreign callbacks are refused", async () => {
    const w = await loadFixture(flashWorld);
    await expect(
      w.flash.connect(w.keeper).liquidateWithFlashSwap(
        {
          market: w.poolAddress,
          borrower: w.borrower.address,
          collateralAsset: w.wethAddress,
          repayAmount: USDC(5_000),
        },
        await w.amm.getAddress(),
        USDC(10_000),
        w.keeper.address,
      ),
    )
      .to.be.revertedWithCustomError(w.flash, "InsufficientProfit")
      .withArgs((p: bigint) => p > 0n, USDC(10_000));
    await expect(w.flash.onAuctionTake(await w.flash.getAddress(), 0, 0, "0x"))
      .to.be.revertedWithCustomError(w.flash, "UnexpectedCallback")
      .withArgs(w.signers[0].address);
    await expect(w.flash.uniswapV2Call(await w.flash.getAddress(), 0, 0, "0x")).to.be.revertedWithCustomError(
      w.flash,
      "UnexpectedCallback",
    );
    const other = await ethers.deployContract("MockERC20", ["X", "X", 18]);
    const wrongAmm = await ethers.deployContract("ConstantProductPool", [
      await other.getAddress(),
      await w.usdc.getAddress(),
      30,
      "X/USDC",
      "X",
    ]);
    await expect(
      w.flash.liquidateWithFlashSwap(
        { market: w.poolAddress, borrower: w.borrower.address, collateralAsset: w.wethAddress, repayAmount: 1 },
        await wrongAmm.getAddress(),
        0,
        w.keeper.address,
      ),
    ).to.be.revertedWithCustomError(w.flash, "PairMismatch");
  });
});
