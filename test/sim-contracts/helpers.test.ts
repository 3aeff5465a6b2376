import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarketNoInterest, openPosition, USDC, ETH } from "../lending/fixtures";

/** The simulation's helper contracts (contracts/sim): what the engine relies on, and their refusals. */
describe("Simulation helper contracts", () => {
  async function world() {
    const m = await deployMarketNoInterest();
    const [, lender, a, b] = m.signers;
    const exit = await ethers.deployContract("LenderExit");
    const opener = await ethers.deployContract("PositionOpener");
    const burner = await ethers.deployContract("GasBurner");
    return { ...m, lender, a, b, exit, opener, burner };
  }

  describe("GasBurner", () => {
    it("burns the gas above what it is told to leave, and nothing when there is no room", async () => {
      const { burner } = await loadFixture(world);
      const burnt = await (await burner.burn(100_000, { gasLimit: 1_000_000 })).wait();
      expect(burnt!.logs).to.have.length(1);
      expect(burnt!.gasUsed).to.be.gt(700_000n);
      const idle = await (await burner.burn(2_000_000, { gasLimit: 1_000_000 })).wait();
      expect(idle!.logs).to.have.length(0);
      expect(idle!.gasUsed).to.be.lt(30_000n);
    });
  });

  describe("LenderExit", () => {
    it("withdraws the whole claim when the market has the cash", async () => {
      const w = await loadFixture(world);
      await w.pool.connect(w.lender).setAuthorization(await w.exit.getAddress(), true);
      const before = await w.usdc.balanceOf(w.lender.address);
      await expect(w.exit.exit(w.pool, w.lender.address)).to.emit(w.exit, "Exited");
      expect(await w.usdc.balanceOf(w.lender.address)).to.equal(before + USDC(1_000_000));
      expect(await w.pool.supplyShares(w.lender.address)).to.equal(0n);
    });

    it("withdraws only the cash left when borrowers hold the rest", async () => {
      const w = await loadFixture(world);
      await openPosition(w, w.a, { weth: ETH(1_000) }, USDC(900_000));
      await w.pool.connect(w.lender).setAuthorization(await w.exit.getAddress(), true);
      const [claim, withdrawn] = await w.exit.exit.staticCall(w.pool, w.lender.address);
      expect(claim).to.equal(USDC(1_000_000));
      expect(withdrawn).to.equal(USDC(100_000));
      await w.exit.exit(w.pool, w.lender.address);
      expect(await w.pool.suppliedOf(w.lender.address)).to.be.closeTo(USDC(900_000), 1n);
    });

    it("does nothing for an account with no claim, or when there is no cash", async () => {
      const w = await loadFixture(world);
      const [claim, withdrawn] = await w.exit.exit.staticCall(w.pool, w.b.address);
      expect([claim, withdrawn]).to.deep.equal([0n, 0n]);
      await openPosition(w, w.a, { weth: ETH(1_000) }, USDC(1_000_000));
      const [claim2, withdrawn2] = await w.exit.exit.staticCall(w.pool, w.lender.address);
      expect(claim2).to.equal(USDC(1_000_000));
      expect(withdrawn2).to.equal(0n);
    });
  });

  describe("PositionOpener", () => {
    it("deposits for each borrower and borrows only where a debt is given", async () => {
      const w = await loadFixture(world);
      const opener = await w.opener.getAddress();
      for (const s of [w.a, w.b]) await w.pool.connect(s).setAuthorization(opener, true);
      await w.weth.mint(w.signers[0].address, ETH(30));
      await w.weth.approve(opener, ETH(30));
      await w.opener.open(w.pool, w.weth, [w.a.address, w.b.address], [ETH(10), ETH(20)], [USDC(5_000), 0n]);
      expect(await w.pool.collateralOf(w.a.address, w.weth)).to.equal(ETH(10));
      expect(await w.pool.collateralOf(w.b.address, w.weth)).to.equal(ETH(20));
      expect(await w.pool.debtOf(w.a.address)).to.equal(USDC(5_000));
      expect(await w.pool.debtOf(w.b.address)).to.equal(0n);
      expect(await w.usdc.balanceOf(w.a.address)).to.equal(USDC(5_000));
    });

    it("refuses lists of different lengths", async () => {
      const w = await loadFixture(world);
      await expect(w.opener.open(w.pool, w.weth, [w.a.address], [ETH(1), ETH(1)], [0n]))
        .to.be.revertedWithCustomError(w.opener, "LengthMismatch")
        .withArgs(1, 2, 1);
      await expect(w.opener.open(w.pool, w.weth, [w.a.address], [ETH(1)], [0n, 0n]))
        .to.be.revertedWithCustomError(w.opener, "LengthMismatch")
        .withArgs(1, 1, 2);
    });
  });
});
