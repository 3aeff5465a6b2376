import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, AUCTION, TIP } from "./fixtures";
import { FEED, MARKET, USDC } from "../lending/fixtures";

const BPS = 10_000n;
const PENALTY_FACTOR = BPS + BigInt(AUCTION.penaltyBps); // 1.13

/** The auction world under water (1,700) with the market's debt limit set to `limit` USDC base units. */
async function roomOf(limit: bigint) {
  const w = await auctionWorld();
  await w.auctions.setMarketSettings(w.poolAddress, { enabled: true, tip: TIP, debtLimit: limit });
  await w.ethFeed.setAnswer(FEED(1700));
  return w;
}
/** Room for 1,130.000002 USDC: binds the debt to raise. */
const bindingRoom = () => roomOf(1_130_000_002n);
/** Room for 1 base unit: 1 / 1.13 rounds down to no principal. */
const unitRoom = () => roomOf(1n);
/** Room for exactly the market's dust (10 USDC). */
const dustRoom = () => roomOf(USDC(10));
/** Room for 1,130.000003 USDC: the debt to raise stays under it. */
const looseRoom = () => roomOf(1_130_000_003n);

describe("DutchAuctionLiquidator: a kick bounded by the room under the debt limit", () => {
  it("moves the principal that fits (room / 1.13 rounded down) and asks principal x 1.13 rounded up", async () => {
    // room 1,130.000002 USDC: room / 1.13 = 1,000.0000017..., so 1,000.000001 of principal fits, and
    // 1,000.000001 x 1.13 = 1,130.00000113 is asked as 1,130.000002 (rounded up, exactly the room).
    const room = 1_130_000_002n;
    const w = await loadFixture(bindingRoom);
    const principal = (room * BPS) / PENALTY_FACTOR;
    expect(principal).to.equal(1_000_000_001n);
    const tab = (principal * PENALTY_FACTOR + BPS - 1n) / BPS;
    expect(tab).to.equal(room);
    await expect(w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address))
      .to.emit(w.pool, "SeizedForAuction")
      .withArgs(
        w.borrower.address,
        w.wethAddress,
        await w.auctions.getAddress(),
        (10n ** 19n * principal) / 15_000_000_000n,
        principal,
      );
    expect((await w.auctions.auction(1n)).debtToRaise).to.equal(tab);
    expect(await w.auctions.debtInAuctions(w.poolAddress)).to.equal(tab);
  });

  it("rounds the debt to raise up when the room does not bind it", async () => {
    // room 1,130.000003: 1,000.000002 of principal fits; x 1.13 = 1,130.00000226, asked as 1,130.000003.
    const w = await loadFixture(looseRoom);
    await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
    const a = await w.auctions.auction(1n);
    expect(a.debtToRaise).to.equal(1_130_000_003n);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(15_000_000_000n - 1_000_000_002n);
  });

  it("pays the kick incentive on a tab of exactly the dust (only a smaller one is dust)", async () => {
    const w = await loadFixture(dustRoom);
    const principal = (USDC(10) * BPS) / PENALTY_FACTOR; // 8.849557
    const tab = (principal * PENALTY_FACTOR + BPS - 1n) / BPS;
    expect(tab).to.equal(MARKET.dust);
    // tip + chip is far above the budget (the penalty charged): the keeper gets the whole budget.
    const budget = tab - principal;
    await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
    expect(await w.usdc.balanceOf(w.keeper.address)).to.equal(budget);
  });

  it("refuses a kick when the room holds less than one unit of principal", async () => {
    const w = await loadFixture(unitRoom);
    await expect(w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address))
      .to.be.revertedWithCustomError(w.auctions, "NoRoom")
      .withArgs(w.poolAddress, w.wethAddress, 1n, USDC(1_000_000));
  });
});
