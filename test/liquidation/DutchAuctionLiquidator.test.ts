import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { auctionWorld, AuctionWorld, AUCTION, TIP, USDC, ETH, WAD, RAY } from "./fixtures";
import { FEED, MARKET, expectConserved, marketConfigInput } from "../lending/fixtures";

/** The debt to raise for `principal`: principal x (1 + penalty), rounded up. */
const withPenalty = (principal: bigint) => (principal * BigInt(10_000 + AUCTION.penaltyBps) + 9_999n) / 10_000n;
/** What `collateral` wei of ETH cost at `price` (WAD USDC per ETH), in USDC base units, rounded up. */
const oweFor = (collateral: bigint, price: bigint) => (collateral * price + 10n ** 30n - 1n) / 10n ** 30n;

async function kicked() {
  const w = await auctionWorld();
  await w.ethFeed.setAnswer(FEED(1700)); // health 13,600 / 15,000
  await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
  return w;
}

async function priceNow(w: AuctionWorld, id = 1n) {
  return (await w.auctions.auction(id)).price;
}

describe("DutchAuctionLiquidator: kick", () => {
  it("starts an auction on an unhealthy position, moving collateral and debt, and pays the keeper", async () => {
    const w = await loadFixture(auctionWorld);
    await w.ethFeed.setAnswer(FEED(1700));
    const tab = withPenalty(USDC(15_000));
    const incentive = TIP + (tab * BigInt(AUCTION.chipBps)) / 10_000n;
    await expect(w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address))
      .to.emit(w.auctions, "Kick")
      .withArgs(
        1,
        w.poolAddress,
        w.borrower.address,
        w.wethAddress,
        tab,
        ETH(10),
        2040n * WAD,
        w.keeper.address,
        incentive,
      )
      .and.to.emit(w.pool, "SeizedForAuction")
      .withArgs(w.borrower.address, w.wethAddress, await w.auctions.getAddress(), ETH(10), USDC(15_000));
    expect(await w.usdc.balanceOf(w.keeper.address)).to.equal(incentive);
    expect(await w.weth.balanceOf(await w.auctions.getAddress())).to.equal(ETH(10));
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(0n);
    expect(await w.pool.debtInAuction()).to.equal(USDC(15_000));
    expect(await w.auctions.debtInAuctions(w.poolAddress)).to.equal(tab);
    const [a] = await w.auctions.activeAuctions();
    expect(a.price).to.equal(2040n * WAD); // 1,700 x 1.2
    expect(a.needsReset).to.equal(false);
  });

  it("refuses healthy positions, disabled markets, a market without auctions, and stop levels >= 1", async () => {
    const w = await loadFixture(auctionWorld);
    const [admin, , , , , stranger] = w.signers;
    await expect(w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address))
      .to.be.revertedWithCustomError(w.pool, "NotLiquidatable")
      .withArgs(w.borrower.address, (16_000n * WAD) / 15_000n);
    await w.ethFeed.setAnswer(FEED(1700));
    await expect(w.auctions.kick(stranger.address, w.borrower.address, w.wethAddress, w.keeper.address))
      .to.be.revertedWithCustomError(w.auctions, "MarketNotEnabled")
      .withArgs(stranger.address);
    await w.pool.connect(admin).setMarketConfig({ ...MARKET, mechanisms: 1 });
    await expect(w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address))
      .to.be.revertedWithCustomError(w.pool, "MechanismDisabled")
      .withArgs(2);
    await w.pool.connect(admin).setMarketConfig(MARKET);
    await w.auctions.connect(admin).setStopLevel(1);
    await expect(w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address))
      .to.be.revertedWithCustomError(w.auctions, "Stopped")
      .withArgs(1);
    await expect(w.auctions.connect(admin).setStopLevel(4))
      .to.be.revertedWithCustomError(w.auctions, "InvalidStopLevel")
      .withArgs(4);
    await expect(w.auctions.connect(stranger).setStopLevel(0)).to.be.revertedWithCustomError(
      w.auctions,
      "AccessControlUnauthorizedAccount",
    );
    // Only the registered liquidator may use the market's auction door.
    await expect(w.pool.connect(stranger).seizeForAuction(w.borrower.address, w.wethAddress, 1))
      .to.be.revertedWithCustomError(w.pool, "NotAuctionLiquidator")
      .withArgs(stranger.address);
    await expect(w.pool.connect(stranger).settleAuction(0, 0, 0, 0)).to.be.revertedWithCustomError(
      w.pool,
      "NotAuctionLiquidator",
    );
    await expect(w.pool.connect(stranger).payKeeperIncentive(stranger.address, 1)).to.be.revertedWithCustomError(
      w.pool,
      "NotAuctionLiquidator",
    );
  });

  it("kicks only what fits under the per-asset and global limits, reverts with no room, frees room on end", async () => {
    const w = await loadFixture(auctionWorld);
    const [admin, , , , , second] = w.signers;
    const { openPosition } = await import("../lending/fixtures");
    await openPosition(w, second, { weth: ETH(10) }, USDC(15_000));
    await w.auctions.connect(admin).setAssetDebtLimit(w.poolAddress, w.wethAddress, USDC(11_300));
    await w.ethFeed.setAnswer(FEED(1700));
    // room 11,300 of debt to raise = 10,000 of principal with the 13% penalty: two thirds of the position
    await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
    const a = await w.auctions.auction(1);
    expect(a.debtToRaise).to.equal(USDC(11_300));
    expect(a.collateral).to.equal((ETH(10) * USDC(10_000)) / USDC(15_000));
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(USDC(5_000));
    await expect(w.auctions.kick(w.poolAddress, second.address, w.wethAddress, w.keeper.address))
      .to.be.revertedWithCustomError(w.auctions, "NoRoom")
      .withArgs(w.poolAddress, w.wethAddress, USDC(1_000_000) - USDC(11_300), 0);
    await w.auctions
      .connect(admin)
      .setMarketSettings(w.poolAddress, { enabled: true, tip: TIP, debtLimit: USDC(11_300) });
    await w.auctions.connect(admin).setAssetDebtLimit(w.poolAddress, w.wethAddress, USDC(1_000_000));
    await expect(w.auctions.kick(w.poolAddress, second.address, w.wethAddress, w.keeper.address))
      .to.be.revertedWithCustomError(w.auctions, "NoRoom")
      .withArgs(w.poolAddress, w.wethAddress, 0, USDC(1_000_000) - USDC(11_300));
    // Ending the first auction frees its room.
    await w.auctions.connect(w.taker).take(1, ETH(100), ethers.MaxUint256, w.taker.address, "0x");
    expect(await w.auctions.debtInAuctions(w.poolAddress)).to.equal(0n);
    await w.auctions.kick(w.poolAddress, second.address, w.wethAddress, w.keeper.address);
    expect(await w.auctions.activeCount()).to.equal(1n);
  });
});

describe("DutchAuctionLiquidator: take", () => {
  it("takes everything: pays the tab, returns leftover collateral to the borrower, penalty to reserves", async () => {
    const w = await loadFixture(kicked);
    await time.increase(900); // 10 steps of 1%
    const price = await priceNow(w);
    const tab = withPenalty(USDC(15_000));
    const reservesBefore = await w.pool.reserves();
    const tx = w.auctions.connect(w.taker).take(1, ETH(10), price, w.taker.address, "0x");
    await expect(tx).to.emit(w.auctions, "AuctionEnded");
    const taken = await w.weth.balanceOf(w.taker.address);
    const takePrice = (await (await tx).wait())!.logs
      .map((l) => w.auctions.interface.parseLog(l))
      .find((e) => e?.name === "Take")!.args.price;
    expect(taken).to.equal((tab * 10n ** 30n) / takePrice); // collateral for the whole tab, rounded down
    expect(await w.weth.balanceOf(w.borrower.address)).to.equal(ETH(10) - taken);
    expect(await w.usdc.balanceOf(w.taker.address)).to.equal(USDC(1_000_000) - tab);
    expect(await w.pool.debtInAuction()).to.equal(0n);
    // penalty to reserves; the kick's incentive had come out of lenders' funds (no reserves yet)
    expect((await w.pool.reserves()) - reservesBefore).to.equal(tab - USDC(15_000));
    expect(await w.auctions.activeCount()).to.equal(0n);
    await expectConserved(w);
    await expect(w.auctions.connect(w.taker).take(1, 1, ethers.MaxUint256, w.taker.address, "0x"))
      .to.be.revertedWithCustomError(w.auctions, "AuctionNotActive")
      .withArgs(1);
  });

  it("takes part, at the current price, behind a price guard", async () => {
    const w = await loadFixture(kicked);
    const price = await priceNow(w);
    await expect(w.auctions.connect(w.taker).take(1, ETH(1), price - 1n, w.taker.address, "0x"))
      .to.be.revertedWithCustomError(w.auctions, "PriceTooHigh")
      .withArgs(price, price - 1n);
    await w.auctions.connect(w.taker).take(1, ETH(1), price, w.taker.address, "0x");
    const a = await w.auctions.auction(1);
    expect(a.collateral).to.equal(ETH(9));
    expect(a.debtToRaise).to.equal(withPenalty(USDC(15_000)) - oweFor(ETH(1), price));
    expect(await w.pool.debtInAuction()).to.equal(USDC(15_000) - oweFor(ETH(1), price));
    await expectConserved(w);
  });

  it("never leaves less than dust to raise: cuts the take to leave exactly dust, or refuses", async () => {
    const w = await loadFixture(kicked);
    const price = await priceNow(w);
    const tab = withPenalty(USDC(15_000));
    // collateral worth the tab minus 5 USDC would leave 5 < dust (10 USDC)
    const almostAll = ((tab - USDC(5)) * 10n ** 30n) / price;
    await w.auctions.connect(w.taker).take(1, almostAll, price, w.taker.address, "0x");
    expect((await w.auctions.auction(1)).debtToRaise).to.equal(MARKET.dust);
    // now the tab is dust: any partial take is refused, the whole of it may be taken
    await expect(w.auctions.connect(w.taker).take(1, 1000n, price, w.taker.address, "0x"))
      .to.be.revertedWithCustomError(w.auctions, "NoPartialPurchase")
      .withArgs(MARKET.dust, 1n, MARKET.dust);
    await w.auctions.connect(w.taker).take(1, ETH(10), price, w.taker.address, "0x");
    expect(await w.auctions.activeCount()).to.equal(0n);
  });

  it("keeps the dust the market had at the kick (as Maker caches chost): a later market change does not reach it", async () => {
    const w = await loadFixture(kicked);
    const [admin] = await ethers.getSigners();
    await w.pool
      .connect(admin)
      .setMarketConfig({ ...marketConfigInput(await w.pool.marketConfig()), dust: USDC(1_000) });
    const price = await priceNow(w);
    const tab = withPenalty(USDC(15_000));
    // leaves 500 USDC: below the new dust, above the one cached at the kick, so the take goes through as asked
    const leaveFiveHundred = ((tab - USDC(500)) * 10n ** 30n) / price;
    await w.auctions.connect(w.taker).take(1, leaveFiveHundred, price, w.taker.address, "0x");
    const left = (await w.auctions.auction(1)).debtToRaise;
    expect(left).to.be.gt(MARKET.dust).and.lt(USDC(1_000));
  });

  it("flash take: the receiver gets the collateral and a callback before payment is pulled", async () => {
    const w = await loadFixture(kicked);
    const callee = await ethers.deployContract("TakeCallee", [await w.auctions.getAddress()]);
    await w.usdc.connect(w.taker).approve(await w.auctions.getAddress(), ethers.MaxUint256);
    const price = await priceNow(w);
    // mode 0: checks it holds the collateral, then lets the taker pay
    await expect(w.auctions.connect(w.taker).take(1, ETH(1), price, await callee.getAddress(), "0x00"))
      .to.emit(callee, "Called")
      .withArgs(w.taker.address, oweFor(ETH(1), price), ETH(1), ETH(1));
  });

  it("a callback that reenters fails, and so does a taker that does not pay", async () => {
    const w = await loadFixture(kicked);
    const callee = await ethers.deployContract("TakeCallee", [await w.auctions.getAddress()]);
    const price = await priceNow(w);
    await expect(
      w.auctions.connect(w.taker).take(1, ETH(1), price, await callee.getAddress(), "0x01"),
    ).to.be.revertedWithCustomError(w.auctions, "ReentrancyGuardReentrantCall");
    // the callee takes for itself but holds no USDC and approves nothing: the pull fails, the take is undone
    await expect(callee.takeWithoutPaying(1, ETH(1), price)).to.be.revertedWithCustomError(
      w.usdc,
      "ERC20InsufficientAllowance",
    );
    expect((await w.auctions.auction(1)).collateral).to.equal(ETH(10));
  });

  it("reports bad debt when the collateral runs out before the debt is raised", async () => {
    const w = await loadFixture(kicked);
    await time.increase(7201); // too old: reset at the fresh price
    await w.ethFeed.setAnswer(FEED(1000)); // the market has crashed further meanwhile
    // the reset marks the receivable down to the lot's value at the fresh price (10,000): 5,000 written off now
    await expect(w.auctions.redo(1, w.keeper.address))
      .to.emit(w.pool, "BadDebtRealized")
      .withArgs(
        ethers.ZeroAddress,
        USDC(5_000),
        (x: bigint) => x >= 0n,
        (x: bigint) => x >= 0n,
      );
    expect(await w.pool.debtInAuction()).to.equal(USDC(10_000));
    const price = await priceNow(w); // 1,200
    const raised = oweFor(ETH(10), price);
    expect(raised).to.be.lt(USDC(15_000));
    const supplied = await w.pool.totalSupplyAssets();
    // 12,000 raised: the 10,000 receivable, and 2,000 recovered for lenders; nothing more is unpaid
    await expect(w.auctions.connect(w.taker).take(1, ETH(10), price, w.taker.address, "0x"))
      .to.emit(w.auctions, "AuctionEnded")
      .withArgs(1, 0, 0)
      .and.to.emit(w.pool, "AuctionSettled")
      .withArgs(USDC(10_000), raised - USDC(10_000), 0, 0);
    expect(await w.pool.totalSupplyAssets()).to.equal(supplied + raised - USDC(10_000));
    expect(await w.pool.totalBadDebt()).to.equal(USDC(5_000)); // written off gross; net loss 15,000 - raised
    expect(await w.pool.debtInAuction()).to.equal(0n);
    await expectConserved(w);
  });
});

describe("LendingPool: auction settlement is checked against the real balance", () => {
  it("refuses a settlement the liquidator did not pay for", async () => {
    const w = await loadFixture(kicked);
    const { impersonateAccount, setBalance } = await import("@nomicfoundation/hardhat-network-helpers");
    const auctionAddress = await w.auctions.getAddress();
    await impersonateAccount(auctionAddress);
    await setBalance(auctionAddress, 10n ** 18n);
    const asAuction = await ethers.getSigner(auctionAddress);
    const balance = await w.usdc.balanceOf(w.poolAddress);
    // claims 1,000 USDC of proceeds without sending them: the books would exceed the balance by exactly that
    await expect(w.pool.connect(asAuction).settleAuction(USDC(1_000), 0, 0, 0))
      .to.be.revertedWithCustomError(w.pool, "SettlementNotPaid")
      .withArgs(balance, (owed: bigint) => owed > balance && owed - balance <= USDC(1_000));
    // paid first, the same settlement goes through
    await w.usdc.mint(w.poolAddress, USDC(1_000));
    await expect(w.pool.connect(asAuction).settleAuction(USDC(1_000), 0, 0, 0)).to.emit(w.pool, "AuctionSettled");
  });
});

describe("DutchAuctionLiquidator: redo", () => {
  it("cannot take an auction that is too old; redo restarts it at a fresh oracle price and pays the keeper", async () => {
    const w = await loadFixture(kicked);
    await expect(w.auctions.redo(1, w.keeper.address)).to.be.revertedWithCustomError(w.auctions, "CannotReset");
    await time.increase(7201);
    await expect(
      w.auctions.connect(w.taker).take(1, ETH(1), ethers.MaxUint256, w.taker.address, "0x"),
    ).to.be.revertedWithCustomError(w.auctions, "AuctionNeedsReset");
    await w.ethFeed.setAnswer(FEED(1650));
    const before = await w.usdc.balanceOf(w.keeper.address);
    const tab = withPenalty(USDC(15_000));
    await expect(w.auctions.redo(1, w.keeper.address))
      .to.emit(w.auctions, "Redo")
      .withArgs(1, 1980n * WAD, w.keeper.address, TIP + (tab * 10n) / 10_000n);
    expect((await w.usdc.balanceOf(w.keeper.address)) - before).to.equal(TIP + (tab * 10n) / 10_000n);
    expect(await priceNow(w)).to.equal(1980n * WAD);
  });

  it("must reset once the price falls below the reset threshold of the start price", async () => {
    const w = await loadFixture(kicked);
    // 0.99^n < 0.6 from n = 51 steps of 90 s (4,590 s), well before the 7,200 s age limit
    await time.increase(50 * 90);
    expect((await w.auctions.auction(1)).needsReset).to.equal(false);
    await time.increase(90);
    const a = await w.auctions.auction(1);
    expect(a.needsReset).to.equal(true);
    expect(a.price).to.be.lt((a.startPrice * AUCTION.resetThreshold) / WAD);
    await w.ethFeed.setAnswer(FEED(1700));
    await w.auctions.redo(1, w.keeper.address);
    expect((await w.auctions.auction(1)).needsReset).to.equal(false);
  });

  it("refuses a reset on a stale oracle, and at stop level 2", async () => {
    const w = await loadFixture(kicked);
    const [admin] = w.signers;
    await time.increase(7201);
    await expect(w.auctions.redo(1, w.keeper.address)).to.be.revertedWithCustomError(w.auctions, "StalePrice");
    await w.ethFeed.setAnswer(FEED(1700));
    await w.auctions.connect(admin).setStopLevel(2);
    await expect(w.auctions.redo(1, w.keeper.address)).to.be.revertedWithCustomError(w.auctions, "Stopped").withArgs(2);
    await w.auctions.connect(admin).setStopLevel(3);
    await expect(w.auctions.take(1, 1, 0, w.taker.address, "0x")).to.be.revertedWithCustomError(w.auctions, "Stopped");
  });
});

describe("DutchAuctionLiquidator: Black Thursday regression", () => {
  /** 12 March 2020: no bidder for a long time, and a naive auction let the price run to zero. */
  async function naiveAndSafe() {
    const w = await auctionWorld();
    const [admin] = w.signers;
    const linear = await ethers.deployContract("LinearDecrease", [3600]);
    await w.ethFeed.setAnswer(FEED(1700));
    return { ...w, admin, linear };
  }

  it("naive (no reset threshold, long max age): collateral goes for zero and the whole debt is bad", async () => {
    const w = await loadFixture(naiveAndSafe);
    await w.auctions
      .connect(w.admin)
      .setParams({ ...AUCTION, curve: await w.linear.getAddress(), resetThreshold: 0, maxDuration: 30 * 86_400 });
    await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
    await time.increase(3600); // nobody bids for an hour; the price reaches zero
    expect(await priceNow(w)).to.equal(0n);
    await w.auctions.connect(w.taker).take(1, ETH(10), 0, w.taker.address, "0x");
    expect(await w.weth.balanceOf(w.taker.address)).to.equal(ETH(10)); // 10 ETH for nothing
    expect(await w.pool.totalBadDebt()).to.equal(USDC(15_000));
    await expectConserved(w);
  });

  it("Liquidations 2.0: the auction must be reset at a fresh price instead, and sells near the market", async () => {
    const w = await loadFixture(naiveAndSafe);
    await w.auctions.connect(w.admin).setParams({ ...AUCTION, curve: await w.linear.getAddress() });
    await w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address);
    await time.increase(3600);
    await expect(
      w.auctions.connect(w.taker).take(1, ETH(10), ethers.MaxUint256, w.taker.address, "0x"),
    ).to.be.revertedWithCustomError(w.auctions, "AuctionNeedsReset");
    await w.ethFeed.setAnswer(FEED(1650));
    await w.auctions.redo(1, w.keeper.address);
    await time.increase(600); // price 1,650 x 1.2 x (1 - 600/3600) = 1,650
    const price = await priceNow(w);
    expect(price).to.be.gte((1650n * WAD * 99n) / 100n);
    await w.auctions.connect(w.taker).take(1, ETH(10), price, w.taker.address, "0x");
    expect(await w.pool.totalBadDebt()).to.equal(0n);
    // the taker paid about the market for all 10 ETH (less than the 16,950 tab; the principal was covered)
    const paid = USDC(1_000_000) - (await w.usdc.balanceOf(w.taker.address));
    expect(paid).to.be.gte((USDC(16_500) * 99n) / 100n);
  });
});

describe("DutchAuctionLiquidator: parameters", () => {
  it("checks every parameter against its bounds", async () => {
    const w = await loadFixture(auctionWorld);
    const curve = await w.curve.getAddress();
    const base = { ...AUCTION, curve };
    for (const p of [
      { ...base, startPriceMultiplier: WAD - 1n },
      { ...base, startPriceMultiplier: 10n * WAD + 1n },
      { ...base, maxDuration: 0 },
      { ...base, maxDuration: 30 * 86_400 + 1 },
      { ...base, resetThreshold: WAD },
      { ...base, chipBps: 1001 },
      { ...base, penaltyBps: 3001 },
    ]) {
      await expect(w.auctions.setParams(p))
        .to.be.revertedWithCustomError(w.auctions, "InvalidParams")
        .withArgs(p.startPriceMultiplier, p.maxDuration, p.resetThreshold, p.chipBps, p.penaltyBps);
    }
    await expect(w.auctions.setParams(base)).to.emit(w.auctions, "ParamsUpdated");
    expect(RAY).to.be.gt(0n);
  });
});

describe("DutchAuctionLiquidator: gaps found by mutation testing (issue 15)", () => {
  it("a market with liquidation paused refuses kicks (seizeForAuction checks the pause)", async () => {
    const w = await loadFixture(auctionWorld);
    const LIQ = await w.pool.PAUSE_LIQUIDATE();
    await w.ethFeed.setAnswer(FEED(1700));
    await w.pool.setPaused(LIQ, true);
    await expect(w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address))
      .to.be.revertedWithCustomError(w.pool, "Paused")
      .withArgs(LIQ);
    await w.pool.setPaused(LIQ, false);
    await expect(w.auctions.kick(w.poolAddress, w.borrower.address, w.wethAddress, w.keeper.address)).to.emit(
      w.auctions,
      "Kick",
    );
  });

  it("an auction that ends with its collateral gone and debt left releases the market and per-asset counters", async () => {
    const w = await loadFixture(kicked);
    const [, , , , , second] = w.signers;
    const { openPosition } = await import("../lending/fixtures");
    await w.ethFeed.setAnswer(FEED(2000));
    await openPosition(w, second, { weth: ETH(10) }, USDC(14_000));
    await w.ethFeed.setAnswer(FEED(1700));
    await w.auctions.kick(w.poolAddress, second.address, w.wethAddress, w.keeper.address); // a second, live auction
    const secondTab = (await w.auctions.auction(2)).debtToRaise;
    await time.increase(7201);
    await w.ethFeed.setAnswer(FEED(1000));
    await w.auctions.redo(1, w.keeper.address);
    const price = await priceNow(w);
    await expect(w.auctions.connect(w.taker).take(1, ETH(10), price, w.taker.address, "0x")).to.emit(
      w.auctions,
      "AuctionEnded",
    );
    expect((await w.auctions.auction(1)).collateral).to.equal(0n);
    // auction 1 had debt left to raise when its collateral ran out: none of it may stay booked
    expect(await w.auctions.debtInAuctions(w.poolAddress)).to.equal(secondTab);
    expect(await w.auctions.assetDebtInAuctions(w.poolAddress, w.wethAddress)).to.equal(secondTab);
    expect(await w.auctions.activeCount()).to.equal(1n);
  });
});
