import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarket } from "./fixtures";

/**
 * The two switches that can stop liquidations: a liquidation guard (consulted on every liquidation; one that reverts
 * blocks them all) and the pause flags. A stranger must reach neither.
 */
describe("LendingPool: the liquidation guard and the pauses are not a stranger's", () => {
  it("setLiquidationGuard needs DEFAULT_ADMIN_ROLE and setPaused GUARDIAN_ROLE: refused with the role, nothing set", async () => {
    const m = await loadFixture(deployMarket);
    const [admin, , stranger] = m.signers;
    const p = m.pool.connect(stranger);
    const LIQUIDATE = ethers.id("LIQUIDATE");
    await expect(p.setLiquidationGuard(stranger.address))
      .to.be.revertedWithCustomError(m.pool, "AccessControlUnauthorizedAccount")
      .withArgs(stranger.address, await m.pool.DEFAULT_ADMIN_ROLE());
    await expect(p.setPaused(LIQUIDATE, true))
      .to.be.revertedWithCustomError(m.pool, "AccessControlUnauthorizedAccount")
      .withArgs(stranger.address, await m.pool.GUARDIAN_ROLE());
    expect(await m.pool.liquidationGuard()).to.equal(ethers.ZeroAddress);
    expect(await m.pool.paused(LIQUIDATE)).to.equal(false);
    // The admin (who holds both roles at deployment) can.
    await expect(m.pool.connect(admin).setLiquidationGuard(stranger.address))
      .to.emit(m.pool, "LiquidationGuardUpdated")
      .withArgs(stranger.address);
    expect(await m.pool.liquidationGuard()).to.equal(stranger.address);
  });
});
