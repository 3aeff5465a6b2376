import { expect } from "chai";
import { ethers } from "hardhat";
import { mine } from "@nomicfoundation/hardhat-network-helpers";

describe("LatestAnswerFeed (AaveOracle's view of a lab feed)", () => {
  it("refuses a zero source", async () => {
    const factory = await ethers.getContractFactory("LatestAnswerFeed");
    await expect(factory.deploy(ethers.ZeroAddress)).to.be.revertedWithCustomError(factory, "ZeroSource");
  });

  it("answers what the lagged feed shows, latency included: a new round appears only once visible", async () => {
    const [admin] = await ethers.getSigners();
    const LATENCY_BLOCKS = 3;
    const feed = await ethers.deployContract("LaggedPriceFeed", [8, "WETH / USDC", admin, admin, 0, LATENCY_BLOCKS]);
    const view = await ethers.deployContract("LatestAnswerFeed", [await feed.getAddress()]);
    const now = async () => (await ethers.provider.getBlock("latest"))!.timestamp;
    await feed.submit(2_000n * 10n ** 8n, await now());
    await mine(LATENCY_BLOCKS);
    expect(await view.latestAnswer()).to.equal(2_000n * 10n ** 8n);
    expect(await view.decimals()).to.equal(8n);
    await feed.submit(1_500n * 10n ** 8n, await now());
    expect(await view.latestAnswer()).to.equal(2_000n * 10n ** 8n);
    await mine(LATENCY_BLOCKS);
    expect(await view.latestAnswer()).to.equal(1_500n * 10n ** 8n);
    const [, , , updatedAt] = await feed.latestRoundData();
    expect(await view.latestTimestamp()).to.equal(updatedAt);
  });
});
