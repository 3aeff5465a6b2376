import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse } from "ethers";

const DECIMALS = 8;
const PRICE = 3_000n * 10n ** 8n;
const INT136_MAX = 2n ** 135n - 1n;

async function deploy(latencySeconds: number, latencyBlocks: number) {
  const [admin, updater, stranger] = await ethers.getSigners();
  const feed = await ethers.deployContract("LaggedPriceFeed", [
    DECIMALS,
    "ETH / USD",
    admin.address,
    updater.address,
    latencySeconds,
    latencyBlocks,
  ]);
  return { feed, admin, updater, stranger, asUpdater: feed.connect(updater) };
}

const noLatency = () => deploy(0, 0);
const secondsOnly = () => deploy(60, 0);
const blocksOnly = () => deploy(0, 5);
const secondsAndBlocks = () => deploy(60, 5);

/** Block number and timestamp of the block that mined `tx`. */
async function minedAt(tx: Promise<ContractTransactionResponse>) {
  const receipt = await (await tx).wait();
  const block = await ethers.provider.getBlock(receipt!.blockNumber);
  return { blockNumber: BigInt(block!.number), timestamp: BigInt(block!.timestamp) };
}

/** Mines one block with exactly this timestamp (views then run against it). */
async function mineAt(timestamp: bigint) {
  await time.setNextBlockTimestamp(timestamp);
  await mine();
}

describe("LaggedPriceFeed", () => {
  describe("deployment", () => {
    it("reports its parameters and roles", async () => {
      const { feed, admin, updater } = await loadFixture(secondsAndBlocks);
      expect(await feed.decimals()).to.equal(DECIMALS);
      expect(await feed.description()).to.equal("ETH / USD");
      expect(await feed.version()).to.equal(1n);
      expect(await feed.latencySeconds()).to.equal(60n);
      expect(await feed.latencyBlocks()).to.equal(5n);
      expect(await feed.hasRole(await feed.DEFAULT_ADMIN_ROLE(), admin.address)).to.equal(true);
      expect(await feed.hasRole(await feed.UPDATER_ROLE(), updater.address)).to.equal(true);
      expect(await feed.MAX_ANSWER()).to.equal(INT136_MAX);
    });

    it("rejects a zero admin or updater", async () => {
      const [admin] = await ethers.getSigners();
      const factory = await ethers.getContractFactory("LaggedPriceFeed");
      await expect(factory.deploy(8, "x", ethers.ZeroAddress, admin.address, 0, 0)).to.be.revertedWithCustomError(
        factory,
        "ZeroAddress",
      );
      await expect(factory.deploy(8, "x", admin.address, ethers.ZeroAddress, 0, 0)).to.be.revertedWithCustomError(
        factory,
        "ZeroAddress",
      );
    });

    it("rejects out-of-bounds latencies at construction", async () => {
      const [admin] = await ethers.getSigners();
      const factory = await ethers.getContractFactory("LaggedPriceFeed");
      await expect(factory.deploy(8, "x", admin.address, admin.address, 86_401, 0))
        .to.be.revertedWithCustomError(factory, "LatencyOutOfBounds")
        .withArgs(86_401, 86_400);
      await expect(factory.deploy(8, "x", admin.address, admin.address, 0, 7_201))
        .to.be.revertedWithCustomError(factory, "LatencyOutOfBounds")
        .withArgs(7_201, 7_200);
    });
  });

  describe("before any visible round", () => {
    it("latestRoundData and latestSubmittedAnswer revert with NoDataPresent", async () => {
      const { feed } = await loadFixture(secondsOnly);
      await expect(feed.latestRoundData()).to.be.revertedWithCustomError(feed, "NoDataPresent");
      await expect(feed.latestSubmittedAnswer()).to.be.revertedWithCustomError(feed, "NoDataPresent");
      expect(await feed.pendingRounds()).to.deep.equal([1n, 0n]);
      expect(await feed.nextVisibleAt()).to.deep.equal([0n, 0n, 0n, 0n]);
    });

    it("a submitted but not yet visible round still gives NoDataPresent", async () => {
      const { feed, asUpdater } = await loadFixture(secondsOnly);
      await asUpdater.submit(PRICE, await time.latest());
      await expect(feed.latestRoundData()).to.be.revertedWithCustomError(feed, "NoDataPresent");
    });
  });

  describe("latency boundaries", () => {
    it("zero latency: visible in the block that submits it", async () => {
      const { feed, asUpdater } = await loadFixture(noLatency);
      const observedAt = BigInt(await time.latest());
      const { timestamp, blockNumber } = await minedAt(asUpdater.submit(PRICE, observedAt));
      await expect(feed.latestRoundData({ blockTag: Number(blockNumber) })).to.not.be.reverted;
      expect(await feed.latestRoundData()).to.deep.equal([1n, PRICE, observedAt, timestamp, 1n]);
    });

    it("seconds only: not visible one second before submit + latency, visible at it", async () => {
      const { feed, asUpdater } = await loadFixture(secondsOnly);
      const observedAt = BigInt(await time.latest());
      const { timestamp } = await minedAt(asUpdater.submit(PRICE, observedAt));
      await mineAt(timestamp + 59n);
      await expect(feed.latestRoundData()).to.be.revertedWithCustomError(feed, "NoDataPresent");
      await mineAt(timestamp + 60n);
      expect(await feed.latestRoundData()).to.deep.equal([1n, PRICE, observedAt, timestamp + 60n, 1n]);
    });

    it("blocks only: not visible one block before submit block + latency, visible at it", async () => {
      const { feed, asUpdater } = await loadFixture(blocksOnly);
      const { timestamp, blockNumber } = await minedAt(asUpdater.submit(PRICE, await time.latest()));
      // Time alone does not help: a day later but only 4 blocks on.
      await time.increase(86_400);
      await mine(3);
      expect(BigInt(await time.latestBlock())).to.equal(blockNumber + 4n);
      await expect(feed.latestRoundData()).to.be.revertedWithCustomError(feed, "NoDataPresent");
      await mine(1);
      const [, answer, , updatedAt] = await feed.latestRoundData();
      expect(answer).to.equal(PRICE);
      // Block latency only: updatedAt is the submission time (see ILaggedPriceFeed's definition).
      expect(updatedAt).to.equal(timestamp);
    });

    it("seconds and blocks: needs both", async () => {
      const { feed, asUpdater } = await loadFixture(secondsAndBlocks);
      const { timestamp, blockNumber } = await minedAt(asUpdater.submit(PRICE, await time.latest()));

      // Seconds satisfied (block + 1 at +60 s), blocks not.
      await mineAt(timestamp + 60n);
      await expect(feed.latestRoundData()).to.be.revertedWithCustomError(feed, "NoDataPresent");
      // Blocks reach submit block + 4: still one short.
      await mine(3);
      expect(BigInt(await time.latestBlock())).to.equal(blockNumber + 4n);
      await expect(feed.latestRoundData()).to.be.revertedWithCustomError(feed, "NoDataPresent");
      await mine(1);
      expect((await feed.latestRoundData())[3]).to.equal(timestamp + 60n);
    });

    it("seconds and blocks: blocks satisfied first, then the last second", async () => {
      const { feed, asUpdater } = await loadFixture(secondsAndBlocks);
      const { timestamp } = await minedAt(asUpdater.submit(PRICE, await time.latest()));
      await mine(5); // 1-second blocks: blocks done at about +5 s
      await mineAt(timestamp + 59n);
      await expect(feed.latestRoundData()).to.be.revertedWithCustomError(feed, "NoDataPresent");
      await mineAt(timestamp + 60n);
      expect((await feed.latestRoundData())[1]).to.equal(PRICE);
    });
  });

  describe("rounds in flight", () => {
    it("become visible one by one, in order, and keepers can see what is pending", async () => {
      const { feed, asUpdater } = await loadFixture(secondsOnly);
      const start = BigInt(await time.latest());
      const submitTimes: bigint[] = [];
      for (let i = 0; i < 4; i++) {
        await time.setNextBlockTimestamp(start + 10n + 10n * BigInt(i));
        const { timestamp } = await minedAt(asUpdater.submit(PRICE + BigInt(i), start + BigInt(i)));
        submitTimes.push(timestamp);
      }
      expect(await feed.latestSubmittedRoundId()).to.equal(4n);
      expect((await feed.latestSubmittedAnswer())[1]).to.equal(PRICE + 3n);
      expect(await feed.pendingRounds()).to.deep.equal([1n, 4n]);

      for (let i = 0; i < 4; i++) {
        const visibleAt = submitTimes[i] + 60n;
        const next = await feed.nextVisibleAt();
        expect(next.roundId).to.equal(BigInt(i + 1));
        expect(next.answer).to.equal(PRICE + BigInt(i));
        expect(next.visibleAtTimestamp).to.equal(visibleAt);

        await mineAt(visibleAt);
        expect(await feed.latestVisibleRoundId()).to.equal(BigInt(i + 1));
        expect(await feed.latestRoundData()).to.deep.equal([
          BigInt(i + 1),
          PRICE + BigInt(i),
          start + BigInt(i),
          visibleAt,
          BigInt(i + 1),
        ]);
        expect(await feed.pendingRounds()).to.deep.equal([BigInt(i + 2), BigInt(3 - i)]);
      }
      expect(await feed.nextVisibleAt()).to.deep.equal([0n, 0n, 0n, 0n]);
    });

    it("finds the newest visible round among many in flight", async () => {
      const { feed, asUpdater } = await loadFixture(secondsOnly);
      const start = BigInt(await time.latest());
      for (let i = 1; i <= 20; i++) {
        await time.setNextBlockTimestamp(start + BigInt(i));
        await asUpdater.submit(BigInt(i), start);
      }
      // Round i is visible at start + i + 60.
      for (const visible of [1, 2, 7, 13, 19, 20]) {
        await mineAt(start + BigInt(visible) + 60n);
        expect(await feed.latestVisibleRoundId()).to.equal(BigInt(visible));
        expect((await feed.latestRoundData()).answer).to.equal(BigInt(visible));
      }
    });

    it("a lowered latency never lets a later round overtake an earlier one", async () => {
      const { feed, asUpdater } = await loadFixture(secondsAndBlocks);
      const first = await minedAt(asUpdater.submit(PRICE, await time.latest()));
      await feed.setLatency(0, 0);
      const second = await minedAt(asUpdater.submit(PRICE * 2n, await time.latest()));
      const [, , visibleAtTimestamp, visibleAtBlock] = await feed.submission(2);
      expect(visibleAtTimestamp).to.equal(first.timestamp + 60n);
      expect(visibleAtBlock).to.equal(first.blockNumber + 5n);
      expect(second.blockNumber).to.be.lessThan(visibleAtBlock);
      await mineAt(first.timestamp + 60n);
      await mine(5);
      expect(await feed.latestRoundData()).to.deep.equal([
        2n,
        PRICE * 2n,
        second.timestamp - 1n,
        first.timestamp + 60n,
        2n,
      ]);
    });
  });

  describe("getRoundData", () => {
    it("returns visible history and rejects unknown or in-flight rounds", async () => {
      const { feed, asUpdater } = await loadFixture(secondsOnly);
      const t1 = await minedAt(asUpdater.submit(PRICE, await time.latest()));
      const t2 = await minedAt(asUpdater.submit(PRICE + 1n, await time.latest()));
      await mineAt(t1.timestamp + 60n);

      expect(await feed.getRoundData(1)).to.deep.equal([1n, PRICE, t1.timestamp - 1n, t1.timestamp + 60n, 1n]);
      await expect(feed.getRoundData(2))
        .to.be.revertedWithCustomError(feed, "RoundNotVisible")
        .withArgs(2, t2.timestamp + 60n, t2.blockNumber);
      await expect(feed.getRoundData(0)).to.be.revertedWithCustomError(feed, "UnknownRound").withArgs(0, 2);
      await expect(feed.getRoundData(3)).to.be.revertedWithCustomError(feed, "UnknownRound").withArgs(3, 2);
      await expect(feed.submission(3)).to.be.revertedWithCustomError(feed, "UnknownRound").withArgs(3, 2);

      await mineAt(t2.timestamp + 60n);
      expect((await feed.getRoundData(2)).answer).to.equal(PRICE + 1n);
      expect((await feed.getRoundData(1)).answer).to.equal(PRICE);
    });
  });

  describe("submit", () => {
    it("emits AnswerSubmitted with the visibility target", async () => {
      const { feed, asUpdater } = await loadFixture(secondsAndBlocks);
      const now = BigInt(await time.latest());
      await time.setNextBlockTimestamp(now + 12n);
      const blockNumber = BigInt(await time.latestBlock()) + 1n;
      await expect(asUpdater.submit(PRICE, now))
        .to.emit(feed, "AnswerSubmitted")
        .withArgs(1, PRICE, now, now + 12n + 60n, blockNumber + 5n);
    });

    it("rejects zero, negative and too large answers", async () => {
      const { feed, asUpdater } = await loadFixture(noLatency);
      const now = await time.latest();
      for (const bad of [0n, -1n, INT136_MAX + 1n]) {
        await expect(asUpdater.submit(bad, now)).to.be.revertedWithCustomError(feed, "InvalidAnswer").withArgs(bad);
      }
      await expect(asUpdater.submit(INT136_MAX, now)).to.not.be.reverted;
      expect((await feed.latestRoundData()).answer).to.equal(INT136_MAX);
    });

    it("rejects observations from the future or older than the previous one", async () => {
      const { feed, asUpdater } = await loadFixture(noLatency);
      const now = BigInt(await time.latest());
      await time.setNextBlockTimestamp(now + 1n);
      await expect(asUpdater.submit(PRICE, now + 2n))
        .to.be.revertedWithCustomError(feed, "ObservationInFuture")
        .withArgs(now + 2n, now + 1n);
      await asUpdater.submit(PRICE, now);
      await expect(asUpdater.submit(PRICE, now - 1n))
        .to.be.revertedWithCustomError(feed, "ObservationOutOfOrder")
        .withArgs(now - 1n, now);
      // The same observation time again is allowed.
      await expect(asUpdater.submit(PRICE, now)).to.not.be.reverted;
    });
  });

  describe("access control", () => {
    it("only the updater submits; the admin grants the role", async () => {
      const { feed, admin, stranger } = await loadFixture(noLatency);
      const role = await feed.UPDATER_ROLE();
      await expect(feed.connect(stranger).submit(PRICE, 0))
        .to.be.revertedWithCustomError(feed, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
      await expect(feed.connect(admin).submit(PRICE, 0))
        .to.be.revertedWithCustomError(feed, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, role);
      await feed.connect(admin).grantRole(role, stranger.address);
      await expect(feed.connect(stranger).submit(PRICE, 0)).to.emit(feed, "AnswerSubmitted");
    });

    it("only the admin sets the latency, within bounds", async () => {
      const { feed, admin, updater } = await loadFixture(noLatency);
      await expect(feed.connect(updater).setLatency(1, 1))
        .to.be.revertedWithCustomError(feed, "AccessControlUnauthorizedAccount")
        .withArgs(updater.address, await feed.DEFAULT_ADMIN_ROLE());
      await expect(feed.connect(admin).setLatency(86_400, 7_200))
        .to.emit(feed, "LatencyUpdated")
        .withArgs(86_400, 7_200);
      await expect(feed.connect(admin).setLatency(86_401, 0))
        .to.be.revertedWithCustomError(feed, "LatencyOutOfBounds")
        .withArgs(86_401, 86_400);
      await expect(feed.connect(admin).setLatency(0, 7_201))
        .to.be.revertedWithCustomError(feed, "LatencyOutOfBounds")
        .withArgs(7_201, 7_200);
      expect(await feed.latencySeconds()).to.equal(86_400n);
      expect(await feed.latencyBlocks()).to.equal(7_200n);
    });
  });
});
