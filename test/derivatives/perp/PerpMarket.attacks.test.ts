import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployPerp, ETH, USD, expectConserved, open, moveMarket, movePool, setMark } from "./fixture";

/**
 * Attack pass over the market's controls. Mark price: only the feed's updater moves it (pool trades do not), and
 * its latency delays liquidations. ADL ranking: a position's owner (or anyone, by donating margin) can lower its
 * score only by adding margin, which costs the margin. Liquidation timing: any keeper, but a large position loses
 * at most one slice per cooldown, so no single block dumps it whole.
 */
describe("PerpMarket: attack pass", () => {
  const fixture = () => deployPerp();

  it("mark price: a pool swap does not move it, and only the feed's updater can", async () => {
    const f = await loadFixture(fixture);
    const mark = await f.market.markPrice();
    await movePool(f, 1_000n * USD);
    expect(await f.market.markPrice()).to.equal(mark);
    await expect(f.feed.connect(f.alice).submit(1n, await time.latest())).to.be.revertedWithCustomError(
      f.feed,
      "AccessControlUnauthorizedAccount",
    );
  });

  it("mark price: a crash in flight on a lagged feed cannot be liquidated until it is visible", async () => {
    const f = await loadFixture(fixture);
    const id = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
    await f.feed.setLatency(60, 0);
    await movePool(f, 1_920n * USD);
    await setMark(f, 1_920n * 10n ** 8n);
    expect(await f.market.isLiquidatable(id)).to.equal(false);
    await expect(f.market.connect(f.keeper).liquidate(id)).to.be.revertedWithCustomError(f.market, "NotLiquidatable");
    await time.increase(60);
    expect(await f.market.isLiquidatable(id)).to.equal(true);
    await f.market.connect(f.keeper).liquidate(id);
    await expectConserved(f);
  });

  it("ADL ranking: its owner escapes the top rank only by adding margin, which costs that margin", async () => {
    const f = await loadFixture(fixture);
    const bob = await open(f, f.bob, false, 2n * ETH, 400n * USD);
    const carol = await open(f, f.carol, false, 2n * ETH, 1_000n * USD);
    await moveMarket(f, 1_800n);
    const bobScore = await f.market.adlScore(bob);
    expect(bobScore).to.be.gt(await f.market.adlScore(carol));
    const balance = await f.debt.balanceOf(f.bob);
    await f.market.connect(f.bob).addMargin(bob, 1_000n * USD);
    expect(await f.market.adlScore(bob)).to.be.lt(await f.market.adlScore(carol));
    expect(balance - (await f.debt.balanceOf(f.bob))).to.equal(1_000n * USD);
    // A third party can only donate: the margin becomes the position's, its owner can withdraw it.
    await f.market.connect(f.alice).addMargin(carol, 500n * USD);
    expect((await f.market.position(carol)).margin).to.be.gt(1_000n * USD);
    await expectConserved(f);
  });

  it("ADL ranking: losing and closed positions are never ranked", async () => {
    const f = await loadFixture(fixture);
    const loser = await open(f, f.bob, false, 2n * ETH, 1_000n * USD);
    await moveMarket(f, 2_100n);
    expect(await f.market.adlScore(loser)).to.equal(0n);
    await expect(f.market.adlScore(99n)).to.be.revertedWithCustomError(f.market, "UnknownPosition");
  });

  it("liquidation timing: one block cannot dump a large position whole (one slice per cooldown)", async () => {
    const f = await deployPerp({ largePositionNotional: 10_000n * USD, sliceCooldown: 60n });
    const id = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
    await moveMarket(f, 1_920n);
    await f.market.connect(f.keeper).liquidate(id);
    await expect(f.market.connect(f.bob).liquidate(id))
      .to.be.revertedWithCustomError(f.market, "SliceCooldown")
      .withArgs(id, BigInt(await time.latest()) + 60n);
    expect((await f.market.position(id)).size).to.equal(8n * ETH);
  });

  it("the backstop vault's inventory cannot be dumped by a stranger into a price they pushed", async () => {
    const f = await loadFixture(fixture);
    await expect(f.market.connect(f.whale).unwindBackstop(ETH, 0n, 0n)).to.be.revertedWithCustomError(
      f.market,
      "AccessControlUnauthorizedAccount",
    );
    await expect(f.market.unwindBackstop(ETH, 0n, 0n)).to.be.revertedWithCustomError(f.market, "NothingToUnwind");
  });
});
