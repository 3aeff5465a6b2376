import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

const MAX_AGE = 3_600n;
/** One unit at the median's 8 decimals, expressed at an 18-decimal member's: 10^10. */
const ONE_UNIT_AT_18 = 10n ** 10n;

/** Three 8-decimal members and one 18-decimal member; quorum 3; the median reports at 8 decimals. */
async function mixedFixture() {
  const members = [];
  for (const d of [8, 8, 8, 18]) members.push(await ethers.deployContract("MockAggregator", [d]));
  const median = await ethers.deployContract("MedianFeed", [
    await Promise.all(members.map((m) => m.getAddress())),
    3,
    MAX_AGE,
    8,
    "ETH / USD median",
  ]);
  return { members, median };
}

describe("MedianFeed: a member's answer that rescales to nothing", () => {
  it("counts an 18-decimal answer below one unit at 8 decimals as missing, and one of exactly one unit as fresh", async () => {
    const { members, median } = await loadFixture(mixedFixture);
    const now = BigInt(await time.latest());
    for (const [i, price] of [2_990_00000000n, 3_000_00000000n, 3_005_00000000n].entries()) {
      await members[i].setRoundData(price, now);
    }
    // 10^10 - 1 at 18 decimals is 0.99.. of a unit at 8: rounded down to 0, no price information left.
    await members[3].setRoundData(ONE_UNIT_AT_18 - 1n, now);
    const [fresh, answers] = await median.memberAnswers();
    expect(fresh).to.deep.equal([true, true, true, false]);
    expect(answers[3]).to.equal(0n);
    expect((await median.latestRoundData())[1]).to.equal(3_000_00000000n); // the median of the three others

    await members[3].setRoundData(ONE_UNIT_AT_18, now);
    const [freshAfter, answersAfter] = await median.memberAnswers();
    expect(freshAfter).to.deep.equal([true, true, true, true]);
    expect(answersAfter[3]).to.equal(1n);
    // Four fresh: the mean of the two middle values of (0.00000001, 2,990, 3,000, 3,005), rounded down.
    expect((await median.latestRoundData())[1]).to.equal((2_990_00000000n + 3_000_00000000n) / 2n);
  });

  it("with too few usable members left, reverts QuorumNotMet(fresh, quorum)", async () => {
    const { members, median } = await loadFixture(mixedFixture);
    const now = BigInt(await time.latest());
    await members[0].setRoundData(3_000_00000000n, now);
    await members[1].setRoundData(3_000_00000000n, now);
    await members[3].setRoundData(ONE_UNIT_AT_18 - 1n, now); // unusable; member 2 never answered
    await expect(median.latestRoundData()).to.be.revertedWithCustomError(median, "QuorumNotMet").withArgs(2n, 3n);
  });
});
