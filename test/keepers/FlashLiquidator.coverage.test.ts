import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, USDC, ETH } from "../liquidation/fixtures";
import { FEED } from "../lending/fixtures";

/** The FlashLiquidator when the AMM prices the collateral far below the oracle (a branch the coverage gate showed). */
describe("FlashLiquidator: AMM below the oracle", () => {
  async function cheapAmm() {
    const w = await auctionWorld();
    const amm = await ethers.deployContract("ConstantProductPool", [
      w.wethAddress,
      await w.usdc.getAddress(),
      30,
      "WETH/USDC LP",
      "CLP",
    ]);
    // 1,000 USDC per ETH in the AMM while the oracle says 1,700.
    await w.weth.mint(await amm.getAddress(), ETH(500));
    await w.usdc.mint(await amm.getAddress(), USDC(500_000));
    await amm.mint(w.signers[0].address);
    const flash = await ethers.deployContract("FlashLiquidator");
    await w.ethFeed.setAnswer(FEED(1700)); // the borrower (10 ETH, 15,000 debt) is liquidatable
    return { ...w, amm, flash };
  }

  it("reverts InsufficientProfit(0, shortfall) when the seized collateral cannot repay the flash swap", async () => {
    const w = await loadFixture(cheapAmm);
    // Borrowing 5,000 USDC costs about 5 ETH at the AMM; liquidating 5,000 seizes 5,000 x 1.05 / 1,700 = 3.09 ETH.
    await expect(
      w.flash.connect(w.keeper).liquidateWithFlashSwap(
        {
          market: w.poolAddress,
          borrower: w.borrower.address,
          collateralAsset: w.wethAddress,
          repayAmount: USDC(5_000),
        },
        await w.amm.getAddress(),
        0,
        w.keeper.address,
      ),
    )
      .to.be.revertedWithCustomError(w.flash, "InsufficientProfit")
      .withArgs(0, (shortfall: bigint) => shortfall > ETH(1));
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(USDC(15_000));
  });
});
