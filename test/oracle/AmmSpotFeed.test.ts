import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";

const ETH = (n: number) => BigInt(n) * 10n ** 18n;
const USDC = (n: number) => BigInt(n) * 10n ** 6n;

/** A 1,000 WETH / 2,000,000 USDC pool and a live spot feed on it (8 decimals). */
async function world() {
  const [admin] = await ethers.getSigners();
  const usdc = await ethers.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
  const weth = await ethers.deployContract("MockERC20", ["Wrapped Ether", "WETH", 18]);
  const oracleAmm = await ethers.deployContract("ConstantProductPool", [weth, usdc, 30, "Oracle LP", "OLP"]);
  await weth.mint(oracleAmm, ETH(1_000));
  await usdc.mint(oracleAmm, USDC(2_000_000));
  await oracleAmm.mint(admin.address);
  const spotFeed = await ethers.deployContract("AmmSpotFeed", [oracleAmm, weth, 8]);
  return { usdc, weth, oracleAmm, spotFeed };
}

describe("AmmSpotFeed", () => {
  it("answers the reserve ratio at call time: a change of the reserves moves the answer at once", async () => {
    const w = await loadFixture(world);
    expect(await w.spotFeed.decimals()).to.equal(8);
    const [id, answer, startedAt, updatedAt] = await w.spotFeed.latestRoundData();
    expect(answer).to.equal(2_000n * 10n ** 8n);
    expect(updatedAt).to.equal(startedAt);
    await w.weth.mint(w.oracleAmm, ETH(1_000)); // a donation doubles the WETH reserve at the next sync
    await w.oracleAmm.sync();
    const after = await w.spotFeed.latestRoundData();
    expect(after[1]).to.equal(1_000n * 10n ** 8n);
    expect(after[0]).to.be.greaterThan(id); // a new answer in a later block: a new, larger round id
  });

  it("rounds through AggregatorV3Interface: id = block timestamp, getRoundData(latest) = latest, others revert", async () => {
    const w = await loadFixture(world);
    const feed = await ethers.getContractAt("AggregatorV3Interface", await w.spotFeed.getAddress());
    const latest = await feed.latestRoundData();
    expect(latest.roundId).to.equal(BigInt(await time.latest()));
    expect(latest.answeredInRound).to.equal(latest.roundId);
    expect(await feed.getRoundData(latest.roundId)).to.deep.equal(latest);
    await expect(feed.getRoundData(1)).to.be.revertedWithCustomError(w.spotFeed, "HistoryNotKept").withArgs(1n);
    await expect(feed.getRoundData(latest.roundId - 1n)).to.be.revertedWithCustomError(w.spotFeed, "HistoryNotKept");
  });

  it("rejects a token outside the pool and reports an empty pool", async () => {
    const w = await loadFixture(world);
    const other = await ethers.deployContract("MockERC20", ["Other", "OTH", 18]);
    await expect(ethers.deployContract("AmmSpotFeed", [w.oracleAmm, other, 8]))
      .to.be.revertedWithCustomError(w.spotFeed, "TokenNotInPool")
      .withArgs(await w.oracleAmm.getAddress(), await other.getAddress());
    const empty = await ethers.deployContract("ConstantProductPool", [w.weth, w.usdc, 30, "E", "E"]);
    const feed = await ethers.deployContract("AmmSpotFeed", [empty, w.weth, 8]);
    await expect(feed.latestRoundData()).to.be.revertedWithCustomError(feed, "EmptyReserves").withArgs(0n, 0n);
  });
});
