import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarketNoInterest, openPosition, USDC, ETH, BTC, FEED, WAD } from "./fixtures";

/**
 * Which reads refuse a stale price: kicks read every price strictly (the position and the lot), views never do.
 * The no-interest market with an account wired as the auction liquidator.
 */
async function staleWorld() {
  const m = await deployMarketNoInterest();
  const [, , borrower, , , , door] = m.signers;
  await m.pool.setAuctionLiquidator(door.address);
  return { ...m, borrower, door, wethAddress: await m.weth.getAddress(), wbtcAddress: await m.wbtc.getAddress() };
}
type World = Awaited<ReturnType<typeof staleWorld>>;

/** Makes `feed` one second past its 3,600 s age at the next block; returns the updatedAt it reports. */
async function makeStale(feed: World["ethFeed"]) {
  const updatedAt = BigInt(await time.latest()) - 3_600n;
  await feed.setUpdatedAt(updatedAt); // mined one second later: age 3,601
  return updatedAt;
}

describe("LendingPool: kicks refuse stale prices", () => {
  it("a kick of a fresh collateral reverts StalePrice when another collateral of the position is stale", async () => {
    const w = await loadFixture(staleWorld);
    await openPosition(w, w.borrower, { weth: ETH(10), wbtc: BTC(1) }, USDC(35_000));
    await w.ethFeed.setAnswer(FEED(1_700));
    await w.btcFeed.setAnswer(FEED(25_000)); // limit 13,600 + 18,750 < 35,000
    const updatedAt = await makeStale(w.ethFeed);
    await expect(w.pool.connect(w.door).seizeForAuction(w.borrower.address, w.wbtcAddress, USDC(1_000)))
      .to.be.revertedWithCustomError(w.pool, "StalePrice")
      .withArgs(w.wethAddress, updatedAt, 3_600);
    expect(await w.pool.collateralOf(w.borrower.address, w.wbtcAddress)).to.equal(BTC(1));
  });

  it("a stale crumb (below the dust) is ignored in the position but cannot itself be kicked at its stale price", async () => {
    const w = await loadFixture(staleWorld);
    // 39,999 sat at 25,000 = 9.99975 USDC, below the 10 USDC dust.
    await w.btcFeed.setAnswer(FEED(25_000));
    await openPosition(w, w.borrower, { weth: ETH(10), wbtc: 39_999n }, USDC(15_000));
    await w.ethFeed.setAnswer(FEED(1_700)); // health ~0.907 with or without the crumb
    const updatedAt = await makeStale(w.btcFeed);
    await expect(w.pool.connect(w.door).seizeForAuction(w.borrower.address, w.wbtcAddress, USDC(1_000)))
      .to.be.revertedWithCustomError(w.pool, "StalePrice")
      .withArgs(w.wbtcAddress, updatedAt, 3_600);
    // The fresh collateral of the same position can be kicked: the crumb counts as zero there.
    await expect(w.pool.connect(w.door).seizeForAuction(w.borrower.address, w.wethAddress, USDC(1_000))).to.emit(
      w.pool,
      "SeizedForAuction",
    );
  });

  it("a kick of an asset the position does not hold reverts NothingToLiquidate before reading that asset's price", async () => {
    const w = await loadFixture(staleWorld);
    await openPosition(w, w.borrower, { weth: ETH(10) }, USDC(15_000));
    await w.ethFeed.setAnswer(FEED(1_700));
    await makeStale(w.btcFeed);
    await expect(w.pool.connect(w.door).seizeForAuction(w.borrower.address, w.wbtcAddress, USDC(1_000)))
      .to.be.revertedWithCustomError(w.pool, "NothingToLiquidate")
      .withArgs(w.borrower.address, w.wbtcAddress);
  });
});

describe("LendingPool: views keep working on stale prices", () => {
  it("priceOf, valueOf, accountState and previewLiquidation answer at the stale price", async () => {
    const w = await loadFixture(staleWorld);
    await openPosition(w, w.borrower, { weth: ETH(10) }, USDC(15_000));
    await w.ethFeed.setAnswer(FEED(1_700));
    await makeStale(w.ethFeed);
    await time.increase(60);
    expect(await w.pool.priceOf(w.wethAddress)).to.equal(FEED(1_700) * 10n ** 10n);
    expect(await w.pool.getFunction("valueOf")(w.wethAddress, ETH(2))).to.equal(USDC(3_400));
    const s = await w.pool.accountState(w.borrower.address);
    expect(s.collateralValue).to.equal(USDC(17_000));
    expect(s.healthFactor).to.equal((USDC(13_600) * WAD) / USDC(15_000));
    // Full close allowed (health 0.907 < 0.95): 1,000 repaid buys 1,000 x 1.05 / 1,700 ETH.
    expect(await w.pool.previewLiquidation(w.borrower.address, w.wethAddress, USDC(1_000))).to.deep.equal([
      USDC(1_000),
      (USDC(1_000) * 10_500n * 10n ** 30n) / (FEED(1_700) * 10n ** 10n * 10_000n),
    ]);
    // The action itself refuses the price.
    await expect(
      w.pool.liquidate(w.borrower.address, w.wethAddress, USDC(1_000), w.borrower.address, 0n),
    ).to.be.revertedWithCustomError(w.pool, "StalePrice");
  });
});
