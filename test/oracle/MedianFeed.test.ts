import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";

const MAX_AGE = 3_600n;
const Mode = { Normal: 0, Revert: 1, ShortReturn: 2 };

async function deployFixture() {
  // Five members with different decimals; the median reports at 8.
  const decimals = [8, 18, 6, 8, 8];
  const members = [];
  for (const d of decimals) members.push(await ethers.deployContract("MockAggregator", [d]));
  const addresses = await Promise.all(members.map((m) => m.getAddress()));
  const median = await ethers.deployContract("MedianFeed", [addresses, 3, MAX_AGE, 8, "ETH / USD median"]);
  return { members, addresses, median };
}

async function mineAt(timestamp: bigint) {
  await time.setNextBlockTimestamp(timestamp);
  await mine();
}

/** Sets member `i` to `price` whole units (given at 8 decimals), rescaled to the member's own decimals. */
async function setPrice(
  member: Awaited<ReturnType<typeof deployFixture>>["members"][number],
  price8: bigint,
  updatedAt: bigint,
) {
  const d = BigInt(await member.decimals());
  const answer = d >= 8n ? price8 * 10n ** (d - 8n) : price8 / 10n ** (8n - d);
  await member.setRoundData(answer, updatedAt);
}

describe("MedianFeed", () => {
  it("reports its parameters", async () => {
    const { median, addresses } = await loadFixture(deployFixture);
    expect(await median.feeds()).to.deep.equal(addresses);
    expect(await median.quorum()).to.equal(3n);
    expect(await median.maxAge()).to.equal(MAX_AGE);
    expect(await median.decimals()).to.equal(8n);
    expect(await median.description()).to.equal("ETH / USD median");
    expect(await median.version()).to.equal(1n);
  });

  it("takes the median of all members, rescaled to its decimals", async () => {
    const { median, members } = await loadFixture(deployFixture);
    const now = BigInt(await time.latest());
    const prices = [3_000_00000000n, 3_010_12345678n, 2_990_50000000n, 3_005_00000000n, 2_000_00000000n];
    for (let i = 0; i < 5; i++) await setPrice(members[i], prices[i], now - BigInt(i) * 10n);
    const [roundId, answer, startedAt, updatedAt, answeredInRound] = await median.latestRoundData();
    expect(answer).to.equal(3_000_00000000n);
    // startedAt = updatedAt = the stalest fresh member's updatedAt; roundId = block.timestamp.
    expect(updatedAt).to.equal(now - 40n);
    expect(startedAt).to.equal(now - 40n);
    const latest = BigInt(await time.latest());
    expect(roundId).to.equal(latest);
    expect(answeredInRound).to.equal(latest);
    // The 6-decimal member lost its last two digits when set, the 18-decimal one is rescaled down exactly.
    const [fresh, answers] = await median.memberAnswers();
    expect(fresh).to.deep.equal([true, true, true, true, true]);
    expect(answers).to.deep.equal(prices);
  });

  it("leaves out stale, future, non-positive, reverting and malformed members", async () => {
    const { median, members } = await loadFixture(deployFixture);
    // Members' updatedAt are set relative to `now`, the timestamp of the block the median is read in.
    const now = BigInt(await time.latest()) + 100n;
    await setPrice(members[0], 100n, now - MAX_AGE); // exactly maxAge old: fresh
    await setPrice(members[1], 200n, now);
    await setPrice(members[2], 300n * 100n, now - MAX_AGE - 1n); // one second too old
    await members[3].setRoundData(0, now); // zero answer
    await setPrice(members[4], 400n, now);
    await mineAt(now);
    // Three fresh (100, 200, 400): quorum 3 met; median is the middle value.
    expect((await median.latestRoundData()).answer).to.equal(200n);

    // Each transaction below mines a block one second later, so member 0 (exactly maxAge old) turns stale too.
    await members[4].setMode(Mode.Revert);
    await expect(median.latestRoundData()).to.be.revertedWithCustomError(median, "QuorumNotMet").withArgs(1, 3);
    await members[4].setMode(Mode.ShortReturn);
    await expect(median.latestRoundData()).to.be.revertedWithCustomError(median, "QuorumNotMet").withArgs(1, 3);
    const [fresh] = await median.memberAnswers();
    expect(fresh).to.deep.equal([false, true, false, false, false]);
  });

  it("averages the two middle values of an even count, rounding down", async () => {
    const { median, members } = await loadFixture(deployFixture);
    const now = BigInt(await time.latest());
    await setPrice(members[0], 101n, now);
    await setPrice(members[1], 100n, now);
    await setPrice(members[3], 200n, now);
    await setPrice(members[4], 1_000n, now);
    await members[2].setMode(Mode.Revert);
    // 100, 101, 200, 1000 -> (101 + 200) / 2 = 150.5 -> 150
    expect((await median.latestRoundData()).answer).to.equal(150n);
  });

  it("rejects an updatedAt in the future and answers that overflow when rescaled", async () => {
    const { median, members } = await loadFixture(deployFixture);
    const now = BigInt(await time.latest());
    await setPrice(members[0], 100n, now + 1_000n); // from the future
    await members[2].setRoundData(2n ** 255n - 1n, now); // 6 decimals, would exceed int256 at 8
    await setPrice(members[1], 100n, now);
    await setPrice(members[3], 100n, now);
    await setPrice(members[4], 100n, now);
    const [fresh] = await median.memberAnswers();
    expect(fresh).to.deep.equal([false, true, false, true, true]);
    expect((await median.latestRoundData()).answer).to.equal(100n);
  });

  it("reverts with QuorumNotMet once too many members go stale", async () => {
    const { median, members } = await loadFixture(deployFixture);
    const now = BigInt(await time.latest()) + 100n;
    for (const m of members) await setPrice(m, 100n, now);
    await mineAt(now + MAX_AGE);
    expect((await median.latestRoundData()).answer).to.equal(100n);
    await mineAt(now + MAX_AGE + 1n);
    await expect(median.latestRoundData()).to.be.revertedWithCustomError(median, "QuorumNotMet").withArgs(0, 3);
  });

  it("keeps no past rounds; getRoundData(latest) = latestRoundData (read through AggregatorV3Interface)", async () => {
    const { median, members } = await loadFixture(deployFixture);
    const feed = await ethers.getContractAt("AggregatorV3Interface", await median.getAddress());
    const now = BigInt(await time.latest());
    for (const m of members) await setPrice(m, 3_000_00000000n, now);
    const latest = await feed.latestRoundData();
    expect(await feed.getRoundData(latest.roundId)).to.deep.equal(latest);
    await expect(feed.getRoundData(7)).to.be.revertedWithCustomError(median, "HistoryNotKept").withArgs(7);
    await expect(feed.getRoundData(latest.roundId - 1n)).to.be.revertedWithCustomError(median, "HistoryNotKept");
    // A member's new answer, read in a later block: a new, larger id.
    await setPrice(members[0], 3_100_00000000n, now + 5n);
    await setPrice(members[1], 3_100_00000000n, now + 5n);
    await setPrice(members[2], 3_100_00000000n, now + 5n);
    const next = await feed.latestRoundData();
    expect(next.answer).to.equal(3_100_00000000n);
    expect(next.roundId).to.be.greaterThan(latest.roundId);
  });

  it("checks its constructor arguments", async () => {
    const { addresses } = await loadFixture(deployFixture);
    const factory = await ethers.getContractFactory("MedianFeed");
    await expect(factory.deploy([], 1, MAX_AGE, 8, "x"))
      .to.be.revertedWithCustomError(factory, "FeedCountOutOfBounds")
      .withArgs(0, 15);
    const sixteen = [];
    for (let i = 0; i < 16; i++) sixteen.push(ethers.Wallet.createRandom().address);
    await expect(factory.deploy(sixteen, 1, MAX_AGE, 8, "x"))
      .to.be.revertedWithCustomError(factory, "FeedCountOutOfBounds")
      .withArgs(16, 15);
    await expect(factory.deploy(addresses, 0, MAX_AGE, 8, "x"))
      .to.be.revertedWithCustomError(factory, "QuorumOutOfBounds")
      .withArgs(0, 5);
    await expect(factory.deploy(addresses, 6, MAX_AGE, 8, "x"))
      .to.be.revertedWithCustomError(factory, "QuorumOutOfBounds")
      .withArgs(6, 5);
    await expect(factory.deploy(addresses, 3, 0, 8, "x"))
      .to.be.revertedWithCustomError(factory, "MaxAgeOutOfBounds")
      .withArgs(0);
    await expect(factory.deploy(addresses, 3, MAX_AGE, 37, "x"))
      .to.be.revertedWithCustomError(factory, "DecimalsOutOfBounds")
      .withArgs(37, 36);
    await expect(factory.deploy([addresses[0], ethers.ZeroAddress], 1, MAX_AGE, 8, "x"))
      .to.be.revertedWithCustomError(factory, "ZeroAddressFeed")
      .withArgs(1);
    await expect(factory.deploy([addresses[0], addresses[1], addresses[0]], 1, MAX_AGE, 8, "x"))
      .to.be.revertedWithCustomError(factory, "DuplicateFeed")
      .withArgs(addresses[0]);
    const wide = await ethers.deployContract("MockAggregator", [37]);
    await expect(factory.deploy([await wide.getAddress()], 1, MAX_AGE, 8, "x"))
      .to.be.revertedWithCustomError(factory, "DecimalsOutOfBounds")
      .withArgs(37, 36);
  });
});
