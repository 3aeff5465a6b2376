import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployOptionsVenue } from "../../../scripts/derivatives/options/deploy";
import { DEFAULT_AUCTION, DEFAULT_MARGIN, GRID_MARGIN } from "../../../scripts/derivatives/options/params";
import { DAY, SPOT, WAD, answer, expectConserved, venueFixture } from "./fixtures";

/** The venue's edges: every guard with its values, expired-but-unsettled margin, a 6-decimal quote token. */
const fixture = () => venueFixture();

async function written(
  f: Awaited<ReturnType<typeof fixture>>,
  isCall: boolean,
  strike: bigint,
  days: bigint,
  cash: bigint,
) {
  const expiry = f.now + days * DAY;
  await f.venue.createSeries(isCall, strike, expiry);
  const id = await f.venue.seriesCount();
  await f.venue.connect(f.writer).deposit(f.writer.address, cash);
  await f.venue.connect(f.writer).write(id, WAD, f.buyer.address);
  return { id, expiry };
}

describe("OptionsVenue edges (issue 20)", () => {
  it("guards deposits, withdrawals, transfers and funding with the offending values", async () => {
    const f = await loadFixture(fixture);
    await expect(f.venue.deposit(ethers.ZeroAddress, 1n)).to.be.revertedWithCustomError(f.venue, "ZeroAddress");
    await expect(f.venue.deposit(f.writer.address, 0n)).to.be.revertedWithCustomError(f.venue, "ZeroAmount");
    await expect(f.venue.connect(f.writer).withdraw(0n)).to.be.revertedWithCustomError(f.venue, "ZeroAmount");
    await f.venue.connect(f.writer).deposit(f.writer.address, 5n);
    await expect(f.venue.connect(f.writer).withdraw(6n))
      .to.be.revertedWithCustomError(f.venue, "InsufficientCash")
      .withArgs(f.writer.address, 5n, 6n);
    await f.venue.connect(f.writer).withdraw(5n); // no positions: everything may go
    await expect(f.venue.fundInsurance(0n)).to.be.revertedWithCustomError(f.venue, "ZeroAmount");
    const { id } = await written(f, true, SPOT, 1n, 1_000n * WAD);
    await expect(f.venue.connect(f.buyer).transferLong(id, ethers.ZeroAddress, 1n)).to.be.revertedWithCustomError(
      f.venue,
      "ZeroAddress",
    );
    await expect(f.venue.connect(f.buyer).transferLong(id, f.other.address, WAD + 1n))
      .to.be.revertedWithCustomError(f.venue, "InsufficientLong")
      .withArgs(f.buyer.address, id, WAD, WAD + 1n);
    await expect(f.venue.connect(f.buyer).transferLong(id, f.other.address, WAD)).to.emit(f.venue, "LongTransferred");
    expect(await f.venue.longOf(f.other.address, id)).to.equal(WAD);
    await expect(f.venue.connect(f.writer).closeShort(id, 0n)).to.be.revertedWithCustomError(f.venue, "ZeroAmount");
    await expectConserved(f);
  });

  it("refuses series with a zero or huge strike or an expiry past the horizon, and unknown ids everywhere", async () => {
    const f = await loadFixture(fixture);
    const horizon = f.now + 366n * DAY;
    await expect(f.venue.createSeries(true, 0n, f.now + DAY)).to.be.revertedWithCustomError(f.venue, "InvalidSeries");
    await expect(f.venue.createSeries(true, 10n ** 36n + 1n, f.now + DAY)).to.be.revertedWithCustomError(
      f.venue,
      "InvalidSeries",
    );
    await expect(f.venue.createSeries(true, SPOT, horizon)).to.be.revertedWithCustomError(f.venue, "InvalidSeries");
    for (const call of [
      () => f.venue.series(0n),
      () => f.venue.greeks(1n),
      () => f.venue.settleSeries(1n),
      () => f.venue.redeem(1n),
      () => f.venue.connect(f.writer).closeShort(1n, 1n),
      () => f.venue.transferLong(1n, f.writer.address, 1n),
    ]) {
      await expect(call()).to.be.revertedWithCustomError(f.venue, "UnknownSeries");
    }
    await expect(deployOptionsVenue(f.admin, await f.quote.getAddress(), await f.feed.getAddress(), { vol: 6n * WAD }))
      .to.be.reverted;
    await expect(f.venue.endAuction(f.writer.address)).to.be.revertedWithCustomError(f.venue, "NoAuction");
  });

  it("refuses constructor zero addresses and out-of-bounds parameters", async () => {
    const f = await loadFixture(fixture);
    const q = await f.quote.getAddress();
    const feed = await f.feed.getAddress();
    await expect(deployOptionsVenue(f.admin, ethers.ZeroAddress, feed)).to.be.reverted;
    await expect(deployOptionsVenue(f.admin, q, ethers.ZeroAddress)).to.be.reverted;
    const factory = await ethers.getContractFactory("OptionsVenue");
    await expect(
      factory.deploy(q, feed, ethers.ZeroAddress, WAD, DEFAULT_MARGIN, DEFAULT_AUCTION),
    ).to.be.revertedWithCustomError(f.venue, "ZeroAddress");
    const bad: [Partial<typeof DEFAULT_MARGIN>, bigint][] = [
      [{ callSpotBps: 5_001n }, 5_001n],
      [{ putSpotBps: 5_001n }, 5_001n],
      [{ putMtmBps: 5_001n }, 5_001n],
      [{ initialBufferBps: 50_001n }, 50_001n],
      [{ scenarioSpotShockBps: 5_001n }, 5_001n],
      [{ scenarioVolShockBps: 50_001n }, 50_001n],
      [{ scenarioMaxVolScale: WAD - 1n }, WAD - 1n],
      [{ scenarioReferenceTau: 366n * DAY }, 366n * DAY],
    ];
    for (const [patch, value] of bad) {
      await expect(f.venue.setMarginParams({ ...DEFAULT_MARGIN, ...patch }))
        .to.be.revertedWithCustomError(f.venue, "ParamOutOfBounds")
        .withArgs(value, (v: bigint) => v > 0n);
    }
    const badAuction: Partial<typeof DEFAULT_AUCTION>[] = [
      { fastStartBps: 10_001n, fastEndBps: 0n },
      { fastDuration: 0n },
      { slowDuration: 8n * DAY },
      { liquidationFeeBps: 5_001n },
    ];
    for (const patch of badAuction) {
      await expect(f.venue.setAuctionParams({ ...DEFAULT_AUCTION, ...patch })).to.be.revertedWithCustomError(
        f.venue,
        "ParamOutOfBounds",
      );
    }
    await expect(f.venue.setAuctionParams({ ...DEFAULT_AUCTION, liquidationFeeBps: 500n })).to.emit(
      f.venue,
      "AuctionParamsUpdated",
    );
    expect((await f.venue.auctionParams()).liquidationFeeBps).to.equal(500n);
  });

  it("requires the payoff plus the buffers of an expired, unsettled short and refuses writes and closes at the edges", async () => {
    const f = await loadFixture(fixture);
    const { id, expiry } = await written(f, false, SPOT, 1n, 1_000n * WAD);
    await time.increaseTo(expiry);
    await expect(f.venue.connect(f.writer).write(id, WAD, f.buyer.address))
      .to.be.revertedWithCustomError(f.venue, "SeriesExpired")
      .withArgs(id, expiry);
    await f.feed.setAnswer(answer(SPOT - 150n * WAD));
    const m = await f.venue.marginState(f.writer.address);
    expect(m.markValue).to.equal(150n * WAD);
    // Audit OPT-01: the buffers stay until settlement (put: min(9% x 1850, 9% x 150) = 13.5; initial x 1.5).
    expect(m.maintenance).to.equal(150n * WAD + (135n * WAD) / 10n);
    expect(m.initial).to.equal(150n * WAD + (2025n * WAD) / 100n);
    // With the grid on, the expired short's worst case is its payoff at spot − 10%.
    await f.venue.setMarginParams(GRID_MARGIN);
    const spotNow = SPOT - 150n * WAD;
    expect((await f.venue.marginState(f.writer.address)).maintenance).to.equal(SPOT - (spotNow - spotNow / 10n));
    await f.venue.settleSeries(id);
    expect((await f.venue.marginState(f.writer.address)).maintenance).to.equal(150n * WAD); // settled: fixed payoff
    await f.venue.connect(f.buyer).transferLong(id, f.writer.address, WAD);
    await expect(f.venue.connect(f.writer).closeShort(id, WAD)).to.be.revertedWithCustomError(
      f.venue,
      "SeriesAlreadySettled",
    );
    await f.venue.settleShort(f.writer.address, id);
    await expect(f.venue.connect(f.writer).redeem(id))
      .to.emit(f.venue, "LongRedeemed")
      .withArgs(id, f.writer.address, WAD, 150n * WAD);
    await expectConserved(f);
  });

  it("ends a running auction when settlement removes the account's last short; redeems a worthless long for 0", async () => {
    const f = await loadFixture(fixture);
    const { id, expiry } = await written(f, true, SPOT, 1n, 310n * WAD);
    await f.feed.setAnswer(answer((SPOT * 110n) / 100n));
    await f.venue.startAuction(f.writer.address);
    await time.increaseTo(expiry);
    await f.feed.setAnswer(answer(SPOT - WAD)); // expires out of the money
    await f.venue.settleSeries(id);
    await expect(f.venue.settleShort(f.writer.address, id)).to.emit(f.venue, "AuctionEnded").withArgs(f.writer.address);
    await expect(f.venue.connect(f.buyer).redeem(id))
      .to.emit(f.venue, "LongRedeemed")
      .withArgs(id, f.buyer.address, WAD, 0n);
    expect(await f.venue.cashOf(f.writer.address)).to.equal(310n * WAD);
    await expectConserved(f);
  });

  it("ends an auction with no shorts left and pays the insolvent incentive after the slow phase", async () => {
    const f = await loadFixture(fixture);
    await written(f, true, SPOT, 1n, 310n * WAD);
    await f.venue.connect(f.keeper).deposit(f.keeper.address, 10_000n * WAD);
    await f.venue.fundInsurance(10_000n * WAD);
    await f.feed.setAnswer(answer((SPOT * 150n) / 100n));
    await f.venue.startAuction(f.writer.address);
    const start = await f.venue.auctionStart(f.writer.address);
    await time.setNextBlockTimestamp(start + 13n * 3_600n); // past the slow phase: full buffer as incentive
    const fund0 = await f.venue.insuranceFund();
    await f.venue.connect(f.keeper).bid(f.writer.address, WAD, 0n);
    const ev = (await f.venue.queryFilter(f.venue.filters.AuctionBid()))[0].args;
    expect(ev.insolvent).to.equal(true);
    expect(fund0 - (await f.venue.insuranceFund())).to.equal(ev.fundPaid);
    // deficit + buffer (9% of spot 3000 = 270) at progress 1
    expect(ev.fundPaid).to.be.above(270n * WAD);
    expect(await f.venue.auctionStart(f.writer.address)).to.equal(0n);
    await expectConserved(f);
  });

  it("keeps quote amounts in a 6-decimal token's units, rounding requirements up", async () => {
    const [admin, writer, buyer] = await ethers.getSigners();
    const usdc = await ethers.deployContract("MockERC20", ["USDC", "USDC", 6]);
    const feed = await ethers.deployContract("MockPriceFeed", [8, answer(SPOT)]);
    const venue = await deployOptionsVenue(admin, await usdc.getAddress(), await feed.getAddress());
    await usdc.mint(writer.address, 10n ** 12n);
    await usdc.connect(writer).approve(await venue.getAddress(), ethers.MaxUint256);
    await venue.createSeries(true, SPOT, BigInt(await time.latest()) + DAY);
    await venue.connect(writer).deposit(writer.address, 400n * 10n ** 6n);
    await venue.connect(writer).write(1n, WAD, buyer.address);
    const m = await venue.marginState(writer.address);
    const markWad = await venue.mark(1n);
    expect(m.markValue).to.equal((markWad + 10n ** 12n - 1n) / 10n ** 12n);
    expect(m.maintenance).to.equal((markWad + 180n * WAD + 10n ** 12n - 1n) / 10n ** 12n);
  });
});
