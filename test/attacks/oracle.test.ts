import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, USDC, WAD } from "../liquidation/fixtures";
import { FEED } from "../lending/fixtures";

describe("Attack: zero, negative and stale oracle answers", () => {
  for (const answer of [0n, -1n, -FEED(2000)]) {
    it(`an answer of ${answer} is refused by every action and by the views`, async () => {
      const w = await loadFixture(auctionWorld);
      const [, , borrower, keeper] = w.signers;
      await w.ethFeed.setAnswer(answer);
      await expect(w.pool.connect(borrower).borrow(USDC(1), borrower.address, borrower.address))
        .to.be.revertedWithCustomError(w.pool, "InvalidPrice")
        .withArgs(w.wethAddress, answer);
      await expect(w.pool.connect(keeper).liquidate(borrower.address, w.wethAddress, USDC(1_000), keeper.address, 0n))
        .to.be.revertedWithCustomError(w.pool, "InvalidPrice")
        .withArgs(w.wethAddress, answer);
      await expect(w.auctions.kick(w.poolAddress, borrower.address, w.wethAddress, keeper.address))
        .to.be.revertedWithCustomError(w.pool, "InvalidPrice")
        .withArgs(w.wethAddress, answer);
      await expect(w.pool.healthFactor(borrower.address))
        .to.be.revertedWithCustomError(w.pool, "InvalidPrice")
        .withArgs(w.wethAddress, answer);
      expect(await w.pool.collateralOf(borrower.address, w.wethAddress)).to.equal(10n ** 19n);
    });
  }

  it("a stale answer cannot be used to liquidate, kick, reset or borrow, but views still read it", async () => {
    const w = await loadFixture(auctionWorld);
    const [, , borrower, keeper] = w.signers;
    await w.ethFeed.setAnswer(FEED(1700)); // liquidatable at 1,700 ...
    await w.auctions.kick(w.poolAddress, borrower.address, w.wethAddress, keeper.address);
    // ... a second position, then the feed goes silent for longer than maxPriceAge.
    const [, , , , , other] = w.signers;
    await w.weth.mint(other.address, 10n ** 19n);
    await w.weth.connect(other).approve(w.poolAddress, 10n ** 19n);
    await w.pool.connect(other).depositCollateral(w.wethAddress, 10n ** 19n, other.address);
    await w.pool.connect(other).borrow(USDC(12_000), other.address, other.address);
    await w.ethFeed.setAnswer(FEED(1400));
    const updatedAt = await w.ethFeed.updatedAt();
    await time.increase(7_201);
    await expect(w.pool.connect(keeper).liquidate(other.address, w.wethAddress, USDC(1_000), keeper.address, 0n))
      .to.be.revertedWithCustomError(w.pool, "StalePrice")
      .withArgs(w.wethAddress, updatedAt, 3600);
    await expect(w.auctions.kick(w.poolAddress, other.address, w.wethAddress, keeper.address))
      .to.be.revertedWithCustomError(w.pool, "StalePrice")
      .withArgs(w.wethAddress, updatedAt, 3600);
    await expect(w.auctions.redo(1n, keeper.address))
      .to.be.revertedWithCustomError(w.auctions, "StalePrice")
      .withArgs(w.wethAddress, updatedAt, 3600);
    await expect(w.pool.connect(other).borrow(USDC(1), other.address, other.address))
      .to.be.revertedWithCustomError(w.pool, "StalePrice")
      .withArgs(w.wethAddress, updatedAt, 3600);
    // Views keep working for keepers and reports: 10 ETH x 1,400 x 0.8 / 12,000.
    expect(await w.pool.healthFactor(other.address)).to.equal((11_200n * WAD) / 12_000n);
  });
});
