import { expect } from "chai";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, AUCTION, USDC, ETH, WAD } from "./fixtures";
import { BTC, FEED, MARKET } from "../lending/fixtures";

const UNIT_SCALE = 10n ** 30n; // WETH (18 decimals) priced in USDC (6 decimals) at a WAD price
const START_PRICE = 2040n * WAD; // 1,700 x 1.2
const TAB = (USDC(15_000) * 11_300n) / 10_000n; // 16,950: principal x (1 + 13% penalty), exact

/** 10 ETH backing 15,000 USDC kicked at 1,700, reset threshold lowered to 40% so that only age forces a reset. */
async function kickedLowThreshold() {
  const w = await auctionWorld();
  await w.auctions.setParams({ curve: await w.curve.getAddress(), ...AUCTION, resetThreshold: (WAD * 40n) / 100n });
  await w.ethFeed.setAnswer(FEED(1700));
  await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
  return w;
}

/** The same position kicked at 1,412: the auction starts at 1,694.4 and the lot (14,120) is below the principal. */
async function kickedAt1412() {
  const w = await auctionWorld();
  await w.ethFeed.setAnswer(FEED(1412));
  await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
  return w;
}

/** A WBTC position (1 BTC, 20,000 USDC) kicked at 25,000 with room for a tab of 0.00025 USDC (1 satoshi of collateral). */
async function tinyBtcAuction() {
  const w = await auctionWorld();
  const [, , , , , btcBorrower] = w.signers;
  const wbtc = await w.wbtc.getAddress();
  await w.wbtc.mint(btcBorrower.address, BTC(1));
  await w.wbtc.connect(btcBorrower).approve(w.poolAddress, BTC(1));
  await w.pool.connect(btcBorrower).depositCollateral(wbtc, BTC(1), btcBorrower.address);
  await w.pool.connect(btcBorrower).borrow(USDC(20_000), btcBorrower.address, btcBorrower.address);
  await w.auctions.setMarketSettings(w.poolAddress, { enabled: true, tip: 0n, debtLimit: 250n });
  await w.auctions.setAssetDebtLimit(w.poolAddress, wbtc, 250n);
  await w.btcFeed.setAnswer(FEED(25_000));
  await w.auctions.kick(w.poolAddress, btcBorrower.address, wbtc, w.keeper.address);
  expect((await w.auctions.auction(1n)).debtToRaise).to.equal(250n);
  return { ...w, id: 1n };
}

describe("DutchAuctionLiquidator: takes at the edges", () => {
  it("takes exactly the collateral asked for when its cost rounds up to the whole debt", async () => {
    const w = await loadFixture(kickedLowThreshold);
    // Below the largest amount whose cost rounds up to 16,950: the price of one USDC unit is ~4.9e8 wei.
    const asked = (TAB * UNIT_SCALE) / START_PRICE - 100_000_000n;
    const cost = (asked * START_PRICE + UNIT_SCALE - 1n) / UNIT_SCALE;
    expect(cost).to.equal(TAB);
    expect((asked * START_PRICE) % UNIT_SCALE).to.not.equal(0n);
    await w.auctions.connect(w.taker).take(1n, asked, START_PRICE, w.taker.address, "0x");
    expect(await w.weth.balanceOf(w.taker.address)).to.equal(asked);
    expect(await w.weth.balanceOf(w.borrower.address)).to.equal(ETH(10) - asked);
    expect(await w.auctions.activeCount()).to.equal(0n);
  });

  it("can still be taken at exactly the maximum age, and needs a reset one second later", async () => {
    const w = await loadFixture(kickedLowThreshold);
    const start = (await w.auctions.auction(1n)).startTime;
    await time.setNextBlockTimestamp(start + BigInt(AUCTION.maxDuration));
    await expect(w.auctions.connect(w.taker).take(1n, ETH(1), START_PRICE, w.taker.address, "0x")).to.emit(
      w.auctions,
      "Take",
    );
    const elapsed = BigInt(AUCTION.maxDuration) + 1n;
    await time.setNextBlockTimestamp(start + elapsed);
    const price = await w.curve.price(START_PRICE, elapsed);
    await expect(w.auctions.connect(w.taker).take(1n, ETH(1), START_PRICE, w.taker.address, "0x"))
      .to.be.revertedWithCustomError(w.auctions, "AuctionNeedsReset")
      .withArgs(1n, price, elapsed);
  });

  it("restarts a reset auction at the fresh oracle price x the multiplier, rounded up", async () => {
    const w = await loadFixture(kickedLowThreshold);
    const multiplier = AUCTION.startPriceMultiplier + 1n;
    await w.auctions.setParams({
      curve: await w.curve.getAddress(),
      ...AUCTION,
      resetThreshold: (WAD * 40n) / 100n,
      startPriceMultiplier: multiplier,
    });
    await time.increase(AUCTION.maxDuration + 1);
    const answer = 170_000_000_001n; // 1,700.00000001
    await w.ethFeed.setAnswer(answer);
    const oracle = answer * 10n ** 10n;
    expect((oracle * multiplier) % WAD).to.not.equal(0n);
    await w.auctions.redo(1n, w.keeper.address);
    expect((await w.auctions.auction(1n)).startPrice).to.equal((oracle * multiplier + WAD - 1n) / WAD);
  });

  it("leaves exactly the dust to raise as asked, without topping up the collateral", async () => {
    const w = await loadFixture(kickedLowThreshold);
    const owe = TAB - MARKET.dust;
    const asked = (owe * UNIT_SCALE) / START_PRICE - 100_000_000n;
    expect((asked * START_PRICE + UNIT_SCALE - 1n) / UNIT_SCALE).to.equal(owe);
    await w.auctions.connect(w.taker).take(1n, asked, START_PRICE, w.taker.address, "0x");
    expect(await w.weth.balanceOf(w.taker.address)).to.equal(asked);
    expect((await w.auctions.auction(1n)).debtToRaise).to.equal(MARKET.dust);
  });

  it("sells the whole lot when its cost falls within the dust of the debt, leaving that crumb as the ending", async () => {
    const w = await loadFixture(kickedAt1412);
    const price = (1412n * WAD * 12n) / 10n; // 1,694.4: 10 ETH cost 16,944, 6 USDC short of the debt
    const owe = (ETH(10) * price) / UNIT_SCALE;
    expect(TAB - owe).to.be.lessThan(MARKET.dust);
    await expect(w.auctions.connect(w.taker).take(1n, ETH(10), price, w.taker.address, "0x"))
      .to.emit(w.auctions, "AuctionEnded")
      .withArgs(1n, 0n, 0n);
    expect(await w.weth.balanceOf(w.taker.address)).to.equal(ETH(10));
    expect(await w.auctions.debtInAuctions(w.poolAddress)).to.equal(0n);
  });

  it("refuses a take that would buy no collateral (a tab worth less than one satoshi)", async () => {
    const w = await loadFixture(tinyBtcAuction);
    // 1 satoshi costs 0.0003 USDC at 30,000, more than the 0.00025 to raise: the whole debt buys 0 satoshi.
    await expect(
      w.auctions.connect(w.taker).take(w.id, 1n, 30_000n * WAD, w.taker.address, "0x"),
    ).to.be.revertedWithCustomError(w.auctions, "ZeroAmount");
  });

  it("kicks on a price exactly as old as the asset's maximum age (still fresh)", async () => {
    const w = await loadFixture(auctionWorld);
    await w.ethFeed.setAnswer(FEED(1700));
    const updatedAt = (await w.ethFeed.latestRoundData())[3];
    const maxAge = (await w.pool.collateralConfig(w.wethAddress)).maxPriceAge;
    await time.setNextBlockTimestamp(updatedAt + maxAge);
    await expect(w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address)).to.emit(
      w.auctions,
      "Kick",
    );
  });
});
