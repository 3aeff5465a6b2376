import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld } from "../liquidation/fixtures";
import { FEED, USDC } from "./fixtures";

/** The auction world with the position under water at 1,700 (health 13,600 / 15,000). */
async function unhealthy() {
  const w = await auctionWorld();
  await w.ethFeed.setAnswer(FEED(1700));
  return w;
}

describe("LendingPool: the auction liquidator's door (seizeForAuction)", () => {
  it("refuses kicks while liquidations are paused, and lets them through once unpaused", async () => {
    const w = await loadFixture(unhealthy);
    const pause = await w.pool.PAUSE_LIQUIDATE();
    await w.pool.setPaused(pause, true);
    await expect(w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address))
      .to.be.revertedWithCustomError(w.pool, "Paused")
      .withArgs(pause);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(USDC(15_000));
    await w.pool.setPaused(pause, false);
    await expect(w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address)).to.emit(
      w.pool,
      "SeizedForAuction",
    );
  });

  it("lets only the wired auction liquidator seize", async () => {
    const w = await loadFixture(unhealthy);
    const [, , , , , stranger] = w.signers;
    await expect(w.pool.connect(stranger).seizeForAuction(w.borrower.address, w.wethAddress, USDC(15_000)))
      .to.be.revertedWithCustomError(w.pool, "NotAuctionLiquidator")
      .withArgs(stranger.address);
  });
});
