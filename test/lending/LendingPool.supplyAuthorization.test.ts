import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarket, USDC } from "./fixtures";

/** A lender's deposit is withdrawn only by the lender or by an operator it authorised, and only while authorised. */
describe("LendingPool: a stranger cannot withdraw another lender's supply", () => {
  it("reverts Unauthorized(stranger, lender); an authorised operator withdraws; after revocation it cannot", async () => {
    const m = await loadFixture(deployMarket);
    const [, lender, , operator] = m.signers;
    const supplied = await m.pool.supplyShares(lender.address);
    await expect(m.pool.connect(operator).withdraw(USDC(1_000), lender.address, operator.address))
      .to.be.revertedWithCustomError(m.pool, "Unauthorized")
      .withArgs(operator.address, lender.address);
    await expect(m.pool.connect(operator).withdraw(2n ** 256n - 1n, lender.address, operator.address))
      .to.be.revertedWithCustomError(m.pool, "Unauthorized")
      .withArgs(operator.address, lender.address);
    expect(await m.pool.supplyShares(lender.address)).to.equal(supplied);

    await m.pool.connect(lender).setAuthorization(operator.address, true);
    await m.pool.connect(operator).withdraw(USDC(1_000), lender.address, operator.address);
    expect(await m.usdc.balanceOf(operator.address)).to.equal(USDC(1_000));
    expect(await m.pool.suppliedOf(lender.address)).to.equal(USDC(999_000));

    await m.pool.connect(lender).setAuthorization(operator.address, false);
    await expect(m.pool.connect(operator).withdraw(USDC(1_000), lender.address, operator.address))
      .to.be.revertedWithCustomError(m.pool, "Unauthorized")
      .withArgs(operator.address, lender.address);
    expect(await m.pool.suppliedOf(lender.address)).to.equal(USDC(999_000));
  });
});
