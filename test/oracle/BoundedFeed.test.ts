import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

const Refusal = { None: 0n, AtOrBelowFloor: 1n, FarFromReference: 2n };
const FLOOR = 10_000_000n; // 0.10 at 8 decimals (Chainlink LUNA/USD minAnswer)
const ZERO = ethers.ZeroAddress;

async function deployFixture() {
  const [admin, other] = await ethers.getSigners();
  const source = await ethers.deployContract("MockAggregator", [8]);
  const reference = await ethers.deployContract("MockAggregator", [8]);
  const bounded = await ethers.deployContract("BoundedFeed", [
    await source.getAddress(),
    admin.address,
    { floorAnswer: FLOOR, referenceFeed: ZERO, maxDeviationBps: 0 },
    "LUNA / USD bounded",
  ]);
  return { admin, other, source, reference, bounded };
}

describe("BoundedFeed", () => {
  it("serves an in-bounds answer unchanged once recorded", async () => {
    const { source, bounded } = await loadFixture(deployFixture);
    const now = BigInt(await time.latest());
    await source.setRoundData(80_00000000n, now);
    // Nothing recorded yet: the source is within bounds (reason None) but not served before record().
    await expect(bounded.latestRoundData())
      .to.be.revertedWithCustomError(bounded, "NoGoodAnswer")
      .withArgs(1n, 80_00000000n, Refusal.None);
    await bounded.record();
    expect(await bounded.latestRoundData()).to.deep.equal([1n, 80_00000000n, now, now, 1n]);
    expect(await bounded.decimals()).to.equal(8n);
    expect(await bounded.description()).to.equal("LUNA / USD bounded");
    expect(await bounded.version()).to.equal(1n);
    expect(await bounded.check()).to.deep.equal([1n, 80_00000000n, now, Refusal.None]);
  });

  it("reports the last recorded good round, with its old updatedAt, while the source sits at the floor", async () => {
    const { source, bounded } = await loadFixture(deployFixture);
    const t0 = BigInt(await time.latest());
    await source.setRoundData(50_000_000n, t0); // 0.50: good
    await expect(bounded.record()).to.emit(bounded, "GoodAnswerRecorded").withArgs(1n, 50_000_000n, t0);
    // The aggregator clamps at its minAnswer and keeps updating: fresh but wrong.
    await source.setRoundData(FLOOR, t0 + 3600n);
    await expect(bounded.record())
      .to.emit(bounded, "AnswerRefused")
      .withArgs(2n, FLOOR, t0 + 3600n, Refusal.AtOrBelowFloor, 0n);
    expect(await bounded.check()).to.deep.equal([2n, FLOOR, t0 + 3600n, Refusal.AtOrBelowFloor]);
    expect(await bounded.latestRoundData()).to.deep.equal([1n, 50_000_000n, t0, t0, 1n]);
    expect(await bounded.lastGoodRound()).to.deep.equal([1n, 50_000_000n, t0, t0]);
    // One unit above the floor is good again: recorded and served.
    await source.setRoundData(FLOOR + 1n, t0 + 7200n);
    await bounded.record();
    expect((await bounded.latestRoundData())[1]).to.equal(FLOOR + 1n);
  });

  it("reverts with NoGoodAnswer when the source is out of bounds and nothing good was recorded", async () => {
    const { source, bounded } = await loadFixture(deployFixture);
    await source.setRoundData(FLOOR, BigInt(await time.latest()));
    await expect(bounded.latestRoundData())
      .to.be.revertedWithCustomError(bounded, "NoGoodAnswer")
      .withArgs(1n, FLOOR, Refusal.AtOrBelowFloor);
    expect(await bounded.record.staticCall()).to.equal(false);
  });

  it("rounds never go backwards, getRoundData(latest) = latestRoundData (read through AggregatorV3Interface)", async () => {
    const { source, bounded } = await loadFixture(deployFixture);
    const feed = await ethers.getContractAt("AggregatorV3Interface", await bounded.getAddress());
    const t0 = BigInt(await time.latest());
    const reads: Array<Awaited<ReturnType<typeof feed.latestRoundData>>> = [];
    const read = async () => {
      const r = await feed.latestRoundData();
      expect(await feed.getRoundData(r.roundId)).to.deep.equal(r);
      reads.push(r);
    };
    await source.setRoundData(50_000_000n, t0); // round 1, good, recorded
    await bounded.record();
    await read();
    await source.setRoundData(60_000_000n, t0 + 60n); // round 2, good, not recorded (no keeper this time)
    await read();
    await source.setRoundData(FLOOR, t0 + 120n); // round 3, at the floor
    await read();
    await bounded.record(); // refused
    await read();
    await source.setRoundData(70_000_000n, t0 + 180n); // round 4, good, recorded
    await bounded.record();
    await read();
    for (let i = 1; i < reads.length; i++) {
      expect(reads[i].roundId).to.be.gte(reads[i - 1].roundId);
      expect(reads[i].updatedAt).to.be.gte(reads[i - 1].updatedAt);
      if (reads[i].roundId === reads[i - 1].roundId) expect(reads[i].answer).to.equal(reads[i - 1].answer);
    }
    expect(reads.map((r) => r.roundId)).to.deep.equal([1n, 1n, 1n, 1n, 4n]);
    await expect(feed.getRoundData(2)).to.be.revertedWithCustomError(bounded, "HistoryNotKept").withArgs(2n);
  });

  it("record() stores only newer good rounds", async () => {
    const { source, bounded } = await loadFixture(deployFixture);
    const t0 = BigInt(await time.latest());
    await source.setRoundData(60_000_000n, t0);
    expect(await bounded.record.staticCall()).to.equal(true);
    await bounded.record();
    expect(await bounded.record.staticCall()).to.equal(false); // same round again
    await expect(bounded.record()).to.not.emit(bounded, "GoodAnswerRecorded");
    await source.setRoundData(70_000_000n, t0 + 1n);
    await expect(bounded.record())
      .to.emit(bounded, "GoodAnswerRecorded")
      .withArgs(2n, 70_000_000n, t0 + 1n);
  });

  it("refuses an answer further than maxDeviationBps from the reference, and accepts one at the bound", async () => {
    const { source, reference, bounded } = await loadFixture(deployFixture);
    const now = BigInt(await time.latest());
    await bounded.setBounds({ floorAnswer: 0, referenceFeed: await reference.getAddress(), maxDeviationBps: 2_000 });
    await reference.setRoundData(1_000_000n, now); // the AMM TWAP: 0.01
    await source.setRoundData(1_200_000n, now); // +20%: at the bound
    expect((await bounded.check())[3]).to.equal(Refusal.None);
    await source.setRoundData(1_200_001n, now); // just above it
    expect((await bounded.check())[3]).to.equal(Refusal.FarFromReference);
    await expect(bounded.record())
      .to.emit(bounded, "AnswerRefused")
      .withArgs(2n, 1_200_001n, now, Refusal.FarFromReference, 1_000_000n);
    await source.setRoundData(800_000n, now); // -20%
    expect((await bounded.check())[3]).to.equal(Refusal.None);
    await source.setRoundData(799_999n, now);
    expect((await bounded.check())[3]).to.equal(Refusal.FarFromReference);
    // A reference that reports nothing usable refuses every answer (fail closed).
    await reference.setRoundData(0n, now);
    await source.setRoundData(1_000_000n, now);
    expect((await bounded.check())[3]).to.equal(Refusal.FarFromReference);
  });

  it("validates bounds and guards setBounds by role", async () => {
    const { admin, other, source, reference, bounded } = await loadFixture(deployFixture);
    const ref = await reference.getAddress();
    await expect(bounded.setBounds({ floorAnswer: -1, referenceFeed: ZERO, maxDeviationBps: 0 }))
      .to.be.revertedWithCustomError(bounded, "InvalidBounds")
      .withArgs(-1n, ZERO, 0n);
    await expect(bounded.setBounds({ floorAnswer: 0, referenceFeed: ref, maxDeviationBps: 10_001 }))
      .to.be.revertedWithCustomError(bounded, "InvalidBounds")
      .withArgs(0n, ref, 10_001n);
    await expect(bounded.setBounds({ floorAnswer: 0, referenceFeed: ZERO, maxDeviationBps: 500 }))
      .to.be.revertedWithCustomError(bounded, "InvalidBounds")
      .withArgs(0n, ZERO, 500n);
    await expect(bounded.setBounds({ floorAnswer: 0, referenceFeed: ref, maxDeviationBps: 0 }))
      .to.be.revertedWithCustomError(bounded, "InvalidBounds")
      .withArgs(0n, ref, 0n);
    const ref18 = await ethers.deployContract("MockAggregator", [18]);
    await expect(bounded.setBounds({ floorAnswer: 0, referenceFeed: await ref18.getAddress(), maxDeviationBps: 500 }))
      .to.be.revertedWithCustomError(bounded, "DecimalsMismatch")
      .withArgs(8n, 18n);
    await expect(bounded.connect(other).setBounds({ floorAnswer: 0, referenceFeed: ZERO, maxDeviationBps: 0 }))
      .to.be.revertedWithCustomError(bounded, "AccessControlUnauthorizedAccount")
      .withArgs(other.address, await bounded.DEFAULT_ADMIN_ROLE());
    await expect(bounded.setBounds({ floorAnswer: 5n, referenceFeed: ref, maxDeviationBps: 500 }))
      .to.emit(bounded, "BoundsUpdated")
      .withArgs(5n, ref, 500n);
    expect(await bounded.bounds()).to.deep.equal([5n, ref, 500n]);
    await expect(
      ethers.deployContract("BoundedFeed", [
        ZERO,
        admin.address,
        { floorAnswer: 0, referenceFeed: ZERO, maxDeviationBps: 0 },
        "",
      ]),
    ).to.be.revertedWithCustomError(bounded, "ZeroAddress");
    await expect(
      ethers.deployContract("BoundedFeed", [
        await source.getAddress(),
        ZERO,
        { floorAnswer: 0, referenceFeed: ZERO, maxDeviationBps: 0 },
        "",
      ]),
    ).to.be.revertedWithCustomError(bounded, "ZeroAddress");
    await expect(bounded.getRoundData(1)).to.be.revertedWithCustomError(bounded, "HistoryNotKept").withArgs(1n);
  });

  it("turns a floor-clamped feed into a stale one for LendingPool: actions refused with StalePrice after maxPriceAge", async () => {
    const { admin, source, bounded } = await loadFixture(deployFixture);
    const debt = await ethers.deployContract("MockERC20", ["USDC", "USDC", 6]);
    const luna = await ethers.deployContract("MockERC20", ["LUNA", "LUNA", 18]);
    const pool = await ethers.deployContract("LendingPool", [
      await debt.getAddress(),
      admin.address,
      {
        closeFactor: 5n * 10n ** 17n,
        fullCloseHealthFactor: 95n * 10n ** 16n,
        dust: 0,
        reserveFactorBps: 0,
        mechanisms: 1,
      },
      { baseRatePerYear: 0, slope1PerYear: 0, slope2PerYear: 0, kinkUtilization: 8n * 10n ** 17n },
    ]);
    const MAX_AGE = 7200n;
    await pool.listCollateral(await luna.getAddress(), {
      feed: await bounded.getAddress(),
      maxPriceAge: MAX_AGE,
      ltv: 5n * 10n ** 17n,
      liquidationThreshold: 6n * 10n ** 17n,
      liquidationBonusBps: 500,
      supplyCap: 10n ** 30n,
    });
    await debt.mint(admin.address, 1_000_000n * 10n ** 6n);
    await debt.approve(await pool.getAddress(), ethers.MaxUint256);
    await pool.supply(1_000_000n * 10n ** 6n, admin.address);
    await luna.mint(admin.address, 10n ** 24n);
    await luna.approve(await pool.getAddress(), ethers.MaxUint256);
    await pool.depositCollateral(await luna.getAddress(), 10n ** 24n, admin.address); // 1,000,000 LUNA

    const t0 = BigInt(await time.latest());
    await source.setRoundData(50_000_000n, t0); // 0.50
    await bounded.record();
    // The market falls to 0.01; the aggregator keeps reporting its 0.10 floor, fresh every hour.
    await time.increase(3600);
    await source.setRoundData(FLOOR, BigInt(await time.latest()));
    // Within maxPriceAge of the last good answer the market still acts on 0.50 (the fallback is not yet stale)...
    await pool.borrow(1_000n * 10n ** 6n, admin.address, admin.address);
    await time.increase(Number(MAX_AGE));
    await source.setRoundData(FLOOR, BigInt(await time.latest()));
    // ...then refuses: the fallback's updatedAt is old, though the source itself is fresh.
    await expect(pool.borrow(1_000n * 10n ** 6n, admin.address, admin.address))
      .to.be.revertedWithCustomError(pool, "StalePrice")
      .withArgs(await luna.getAddress(), t0, MAX_AGE);
  });
});
