import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time, mine } from "@nomicfoundation/hardhat-network-helpers";

const ETH = (n: bigint) => n * 10n ** 18n;
const USDC = (n: bigint) => n * 10n ** 6n;
const WINDOW = 1800;
/** Budgets for one `latestRoundData` (eth_estimateGas, incl. 21,000 base): the measured figure plus about 5%. */
const BUDGET = { twap: 59_500n, spot: 29_500n, bounded: 32_000n, median: 71_500n };

/** The four feeds, each with a read ready; a fixture, so the deployments do not shift later files' addresses. */
async function feeds() {
  const [admin] = await ethers.getSigners();
  const usdc = await ethers.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
  const weth = await ethers.deployContract("MockERC20", ["Wrapped Ether", "WETH", 18]);
  const amm = await ethers.deployContract("ConstantProductPool", [weth, usdc, 30, "LP", "LP"]);
  await usdc.mint(amm, USDC(2_000_000n));
  await weth.mint(amm, ETH(1_000n));
  await amm.mint(admin.address);
  const twap = await ethers.deployContract("AmmTwapFeed", [amm, weth, WINDOW, 8, "TWAP"]);
  for (let i = 0; i < 7; i++) {
    await twap.update();
    await time.increase(WINDOW / 4);
  }
  await mine();
  const spot = await ethers.deployContract("AmmSpotFeed", [amm, weth, 8]);
  const source = await ethers.deployContract("MockAggregator", [8]);
  await source.setRoundData(80_00000000n, BigInt(await time.latest()));
  const bounded = await ethers.deployContract("BoundedFeed", [
    source,
    admin.address,
    { floorAnswer: 10_000_000n, referenceFeed: ethers.ZeroAddress, maxDeviationBps: 0 },
    "bounded",
  ]);
  await bounded.record();
  const members = [];
  for (let i = 0n; i < 3n; i++) {
    const m = await ethers.deployContract("MockAggregator", [8]);
    await m.setRoundData(2_000_00000000n + i, BigInt(await time.latest()));
    members.push(await m.getAddress());
  }
  const median = await ethers.deployContract("MedianFeed", [members, 2, 3600, 8, "median"]);
  return { twap, spot, bounded, median };
}

describe("Feed reads: gas @gas-budget", () => {
  it("latestRoundData of the TWAP, spot, floor-guard and median feeds stays within budget", async () => {
    const { twap, spot, bounded, median } = await loadFixture(feeds);
    const data = twap.interface.encodeFunctionData("latestRoundData");
    const gas = async (feed: { getAddress(): Promise<string> }) =>
      ethers.provider.estimateGas({ to: await feed.getAddress(), data });
    const measured = {
      twap: await gas(twap),
      spot: await gas(spot),
      bounded: await gas(bounded),
      median: await gas(median),
    };
    console.log(
      `      latestRoundData gas: ${JSON.stringify(measured, (_, v) => (typeof v === "bigint" ? Number(v) : v))}`,
    );
    for (const k of Object.keys(BUDGET) as (keyof typeof BUDGET)[]) expect(measured[k], k).to.be.lessThan(BUDGET[k]);
  });
});
