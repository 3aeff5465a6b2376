import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarketNoInterest, openPosition, USDC, ETH, BTC, FEED } from "./fixtures";

/**
 * The market's auction door (ILiquidationHost) driven by an account set as its auction liquidator: a WETH borrower
 * (10 ETH, 15,000 USDC) and a WBTC borrower (1 BTC, 20,000 USDC), both made liquidatable (ETH 1,700, BTC 25,000).
 */
async function doorWorld() {
  const m = await deployMarketNoInterest();
  const [, , borrower, keeper, , , door, btcBorrower, whale] = m.signers;
  await m.pool.setAuctionLiquidator(door.address);
  await openPosition(m, borrower, { weth: ETH(10) }, USDC(15_000));
  await openPosition(m, btcBorrower, { wbtc: BTC(1) }, USDC(20_000));
  await m.ethFeed.setAnswer(FEED(1700));
  await m.btcFeed.setAnswer(FEED(25_000));
  return { ...m, borrower, btcBorrower, keeper, door, whale };
}

describe("LendingPool: the auction door refuses what it cannot seize or settle", () => {
  it("seizeForAuction reverts on an unlisted asset, a zero maxDebt, an asset not held, a lot too small for one unit", async () => {
    const w = await loadFixture(doorWorld);
    const pool = w.pool.connect(w.door);
    const weth = await w.weth.getAddress();
    const wbtc = await w.wbtc.getAddress();
    const unlisted = await ethers.deployContract("MockERC20", ["X", "X", 18]);
    await expect(pool.seizeForAuction(w.borrower.address, unlisted, USDC(1_000)))
      .to.be.revertedWithCustomError(w.pool, "CollateralNotListed")
      .withArgs(await unlisted.getAddress());
    await expect(pool.seizeForAuction(w.borrower.address, weth, 0))
      .to.be.revertedWithCustomError(w.pool, "NothingToLiquidate")
      .withArgs(w.borrower.address, weth);
    await expect(pool.seizeForAuction(w.borrower.address, wbtc, USDC(1_000)))
      .to.be.revertedWithCustomError(w.pool, "NothingToLiquidate")
      .withArgs(w.borrower.address, wbtc);
    // 1 BTC backs 20,000 USDC: one micro-USDC of debt would move 10^8 x 1 / 2 x 10^10 = 0 satoshi.
    await expect(pool.seizeForAuction(w.btcBorrower.address, wbtc, 1))
      .to.be.revertedWithCustomError(w.pool, "NothingToLiquidate")
      .withArgs(w.btcBorrower.address, wbtc);
    expect(await w.pool.collateralOf(w.btcBorrower.address, wbtc)).to.equal(BTC(1));
    expect(await w.pool.debtOf(w.btcBorrower.address)).to.equal(USDC(20_000));
    expect(await w.pool.debtInAuction()).to.equal(0n);
  });

  it("settleAuction refuses to settle more than the debt in auction: AuctionDebtUnderflow(settled, debtInAuction)", async () => {
    const w = await loadFixture(doorWorld);
    const pool = w.pool.connect(w.door);
    await pool.seizeForAuction(w.borrower.address, await w.weth.getAddress(), USDC(5_000));
    const inAuction = await w.pool.debtInAuction();
    expect(inAuction).to.be.greaterThan(0n);
    await expect(pool.settleAuction(inAuction + 1n, 0, 0, 0))
      .to.be.revertedWithCustomError(w.pool, "AuctionDebtUnderflow")
      .withArgs(inAuction + 1n, inAuction);
    // Repaid plus bad debt is what is compared: one unit over, split between the two, also reverts.
    await expect(pool.settleAuction(inAuction, 0, 0, 1))
      .to.be.revertedWithCustomError(w.pool, "AuctionDebtUnderflow")
      .withArgs(inAuction + 1n, inAuction);
    expect(await w.pool.debtInAuction()).to.equal(inAuction);
  });

  it("payKeeperIncentive pays at most the cash on hand: what is left of it, then nothing, never reverting", async () => {
    const w = await loadFixture(doorWorld);
    const pool = w.pool.connect(w.door);
    // A whale borrows all the cash but 50 USDC.
    const cash = async () =>
      (await w.pool.totalSupplyAssets()) +
      (await w.pool.reserves()) -
      (await w.pool.totalBorrowAssets()) -
      (await w.pool.debtInAuction());
    await openPosition(w, w.whale, { weth: ETH(1_000) }, (await cash()) - USDC(50));
    expect(await cash()).to.equal(USDC(50));
    const before = await w.usdc.balanceOf(w.keeper.address);
    await expect(pool.payKeeperIncentive(w.keeper.address, USDC(100)))
      .to.emit(w.pool, "KeeperIncentivePaid")
      .withArgs(w.keeper.address, USDC(50), 0n, USDC(50)); // no reserves yet: all from lenders
    expect(await w.usdc.balanceOf(w.keeper.address)).to.equal(before + USDC(50));
    expect(await cash()).to.equal(0n);
    expect(await pool.payKeeperIncentive.staticCall(w.keeper.address, USDC(100))).to.equal(0n);
    await expect(pool.payKeeperIncentive(w.keeper.address, USDC(100))).not.to.emit(w.pool, "KeeperIncentivePaid");
    expect(await w.usdc.balanceOf(w.keeper.address)).to.equal(before + USDC(50));
  });
});
