import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, AUCTION, USDC, ETH, WAD } from "./fixtures";
import { FEED, expectConserved } from "../lending/fixtures";

/** The debt to raise for `principal`: principal x (1 + penalty), rounded up. */
const withPenalty = (principal: bigint) => (principal * BigInt(10_000 + AUCTION.penaltyBps) + 9_999n) / 10_000n;
/** What `collateral` wei of ETH cost at `price` (WAD USDC per ETH), in USDC base units, rounded up. */
const oweFor = (collateral: bigint, price: bigint) => (collateral * price + 10n ** 30n - 1n) / 10n ** 30n;
const STEP_SECONDS = 90;

/**
 * 10 ETH backing 15,000 USDC kicked at an oracle price of 1,400: the lot is worth 14,000, so the kick marks the
 * receivable down by 1,000; the auction asks for 16,950 (15,000 + 13% penalty) starting at 1,680.
 */
async function kickedUnderwater() {
  const w = await auctionWorld();
  await w.ethFeed.setAnswer(FEED(1400));
  await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
  return w;
}

describe("DutchAuctionLiquidator: an auction that ends with its collateral sold and debt left", () => {
  it("releases the market's and the asset's debt-in-auction counters and books the unpaid principal as bad debt", async () => {
    const w = await loadFixture(kickedUnderwater);
    const markdown = USDC(1_000);
    expect(await w.auctions.debtInAuctions(w.poolAddress)).to.equal(withPenalty(USDC(15_000)));
    expect(await w.auctions.assetDebtInAuctions(w.poolAddress, w.wethAddress)).to.equal(withPenalty(USDC(15_000)));
    expect(await w.pool.debtInAuction()).to.equal(USDC(15_000) - markdown);

    // 19 steps of 1%: 1,680 x 0.99^19 is about 1,388, below the 1,400 the receivable was marked at.
    await time.increase(19 * STEP_SECONDS);
    const price = (await w.auctions.auction(1n)).price;
    expect(price).to.be.lessThan(1400n * WAD);
    const owe = oweFor(ETH(10), price);
    const badDebt = USDC(15_000) - owe - markdown;
    expect(badDebt).to.be.greaterThan(0n);

    await expect(w.auctions.connect(w.taker).take(1n, ETH(10), price, w.taker.address, "0x"))
      .to.emit(w.auctions, "AuctionEnded")
      .withArgs(1n, badDebt, 0n)
      .and.to.emit(w.pool, "AuctionSettled")
      .withArgs(0n, 0n, 0n, badDebt);

    expect(await w.auctions.activeCount()).to.equal(0n);
    expect(await w.auctions.debtInAuctions(w.poolAddress)).to.equal(0n);
    expect(await w.auctions.assetDebtInAuctions(w.poolAddress, w.wethAddress)).to.equal(0n);
    expect(await w.pool.debtInAuction()).to.equal(0n);
    expect(await w.weth.balanceOf(w.taker.address)).to.equal(ETH(10));
    expect(await w.weth.balanceOf(await w.auctions.getAddress())).to.equal(0n);
    await expectConserved(w);
  });

  it("lets the next kick use the room the ended auction released", async () => {
    const w = await loadFixture(kickedUnderwater);
    const tab = withPenalty(USDC(15_000));
    // Room for exactly one such auction, under the market's and under the asset's limit.
    await w.auctions.setMarketSettings(w.poolAddress, { enabled: true, tip: USDC(100), debtLimit: tab });
    await w.auctions.setAssetDebtLimit(w.poolAddress, w.wethAddress, tab);
    const [, , , , , second] = w.signers;
    await w.ethFeed.setAnswer(FEED(2000));
    await w.weth.mint(second.address, ETH(10));
    await w.weth.connect(second).approve(w.poolAddress, ETH(10));
    await w.pool.connect(second).depositCollateral(w.wethAddress, ETH(10), second.address);
    await w.pool.connect(second).borrow(USDC(15_000), second.address, second.address);
    await w.ethFeed.setAnswer(FEED(1400));
    await expect(
      w.auctions.kick(w.poolAddress, second.address, w.wethAddress, w.keeper.address),
    ).to.be.revertedWithCustomError(w.auctions, "NoRoom");

    await time.increase(19 * STEP_SECONDS);
    const price = (await w.auctions.auction(1n)).price;
    await w.auctions.connect(w.taker).take(1n, ETH(10), price, w.taker.address, "0x");
    await w.ethFeed.setAnswer(FEED(1400)); // fresh again for the kick
    await expect(w.auctions.kick(w.poolAddress, second.address, w.wethAddress, w.keeper.address)).to.emit(
      w.auctions,
      "Kick",
    );
    expect(await w.auctions.debtInAuctions(w.poolAddress)).to.equal(tab);
    expect(await w.auctions.assetDebtInAuctions(w.poolAddress, w.wethAddress)).to.equal(tab);
  });
});
