import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

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
    expect(id).to.equal(1n);
    expect(answer).to.equal(2_000n * 10n ** 8n);
    expect(updatedAt).to.equal(startedAt);
    expect((await w.spotFeed.getRoundData(7))[1]).to.equal(answer);
    await w.weth.mint(w.oracleAmm, ETH(1_000)); // a donation doubles the WETH reserve at the next sync
    await w.oracleAmm.sync();
    expect((await w.spotFeed.latestRoundData())[1]).to.equal(1_000n * 10n ** 8n);
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
