import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

const FLOOR = 10_000_000n; // 0.10 at 8 decimals
const ANSWER = 80_00000000n;

/** A BoundedFeed over a mock source whose round id and timestamp can be moved separately. */
async function roundsFixture() {
  const [admin] = await ethers.getSigners();
  const source = await ethers.deployContract("MockPriceFeed", [8, ANSWER]); // round 1, stamped now
  const bounded = await ethers.deployContract("BoundedFeed", [
    await source.getAddress(),
    admin.address,
    { floorAnswer: FLOOR, referenceFeed: ethers.ZeroAddress, maxDeviationBps: 0 },
    "ETH / USD bounded",
  ]);
  return { source, bounded };
}

describe("BoundedFeed: round ids only move forward", () => {
  it("does not record a source round re-stamped later under the same id (one id, one recorded round)", async () => {
    const { source, bounded } = await loadFixture(roundsFixture);
    await expect(bounded.record()).to.emit(bounded, "GoodAnswerRecorded");
    const recorded = await bounded.latestRoundData();
    expect(recorded[0]).to.equal(1n);
    await time.increase(60);
    await source.setUpdatedAt(BigInt(await time.latest())); // newer time, still round 1
    expect(await bounded.record.staticCall()).to.equal(false);
    await expect(bounded.record()).not.to.emit(bounded, "GoodAnswerRecorded");
    expect(await bounded.latestRoundData()).to.deep.equal(recorded);
    // A real new round (id 2) is recorded.
    await source.setAnswer(ANSWER + 1n);
    await expect(bounded.record())
      .to.emit(bounded, "GoodAnswerRecorded")
      .withArgs(2n, ANSWER + 1n, anyTime());
  });

  it("never serves round 0, before or after a good round is recorded", async () => {
    const { bounded } = await loadFixture(roundsFixture);
    await expect(bounded.getRoundData(0)).to.be.revertedWithCustomError(bounded, "HistoryNotKept").withArgs(0n);
    await bounded.record();
    await expect(bounded.getRoundData(0)).to.be.revertedWithCustomError(bounded, "HistoryNotKept").withArgs(0n);
    expect(await bounded.getRoundData(1)).to.deep.equal(await bounded.latestRoundData());
  });
});

function anyTime() {
  return (t: bigint) => t > 0n;
}
