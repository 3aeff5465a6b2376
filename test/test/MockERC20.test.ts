import { expect } from "chai";
import { ethers } from "hardhat";

describe("MockERC20", () => {
  it("reports the decimals it was created with and mints to anyone", async () => {
    const [, alice] = await ethers.getSigners();
    const usdc = await ethers.deployContract("MockERC20", ["USD Coin", "USDC", 6]);
    expect(await usdc.decimals()).to.equal(6);
    await usdc.mint(alice.address, 1_000_000n);
    expect(await usdc.balanceOf(alice.address)).to.equal(1_000_000n);
    await usdc.burn(alice.address, 400_000n);
    expect(await usdc.totalSupply()).to.equal(600_000n);
  });
});
