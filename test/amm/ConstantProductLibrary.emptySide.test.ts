import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";

const harnessFixture = () => ethers.deployContract("ConstantProductLibraryHarness");

/** Each quote checks both reserves on its own: an empty input side and an empty output side both revert, named. */
describe("ConstantProductLibrary: ZeroReserves on either side", () => {
  it("getAmountOut, getAmountIn and quote refuse an empty first reserve, naming both reserves", async () => {
    const harness = await loadFixture(harnessFixture);
    await expect(harness.getAmountIn(1, 0, 5, 30))
      .to.be.revertedWithCustomError(harness, "ZeroReserves")
      .withArgs(0n, 5n);
    await expect(harness.quote(1, 0, 5))
      .to.be.revertedWithCustomError(harness, "ZeroReserves")
      .withArgs(0n, 5n);
    await expect(harness.getAmountOut(1, 0, 0, 30))
      .to.be.revertedWithCustomError(harness, "ZeroReserves")
      .withArgs(0n, 0n);
  });

  it("getAmountOut, getAmountIn and quote refuse an empty second reserve, naming both reserves", async () => {
    const harness = await loadFixture(harnessFixture);
    await expect(harness.getAmountOut(1, 5, 0, 30))
      .to.be.revertedWithCustomError(harness, "ZeroReserves")
      .withArgs(5n, 0n);
    await expect(harness.quote(1, 5, 0))
      .to.be.revertedWithCustomError(harness, "ZeroReserves")
      .withArgs(5n, 0n);
    // The smallest non-empty reserves quote normally: 1 in against (5, 1) at 30 bps gives 0 out, rounded down.
    expect(await harness.getAmountOut(1, 5, 1, 30)).to.equal(0n);
    expect(await harness.quote(1, 5, 1)).to.equal(0n);
  });
});
