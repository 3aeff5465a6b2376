import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { MARKET, RATES } from "../lending/fixtures";

describe("RiskLens: an empty market", () => {
  async function empty() {
    const [admin] = await ethers.getSigners();
    const usdc = await ethers.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
    const pool = await ethers.deployContract("LendingPool", [await usdc.getAddress(), admin.address, MARKET, RATES]);
    const lens = await ethers.deployContract("RiskLens");
    return { pool, lens };
  }

  it("reports zero utilization and no liquidity instead of dividing by zero", async () => {
    const { pool, lens } = await loadFixture(empty);
    const t = await lens.marketTotals(await pool.getAddress());
    expect([t.supplied, t.borrowed, t.utilization, t.availableLiquidity, t.badDebt]).to.deep.equal([
      0n,
      0n,
      0n,
      0n,
      0n,
    ]);
  });
});
