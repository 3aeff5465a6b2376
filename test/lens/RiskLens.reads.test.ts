import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarketNoInterest, openPosition, USDC, ETH, FEED } from "../lending/fixtures";
import { ReadBatch } from "../../scripts/sim/read-batch";

describe("RiskLens.reads and the observer's read batch (scripts/sim/read-batch.ts)", () => {
  async function world() {
    const m = await deployMarketNoInterest();
    const lens = await ethers.deployContract("RiskLens");
    const [, , a] = m.signers;
    await openPosition(m, a, { weth: ETH(10) }, USDC(15_000));
    await m.ethFeed.setAnswer(FEED(1850));
    return { ...m, lens, a };
  }

  it("decodes every read as the separate contract call does: several outputs, one output, a struct, a round", async () => {
    const w = await loadFixture(world);
    const pool = await w.pool.getAddress();
    const weth = await w.weth.getAddress();
    const batch = new ReadBatch();
    const totals = batch.add(pool, w.pool.interface, "totals");
    const shares = batch.add(pool, w.pool.interface, "totalBorrowShares");
    const config = batch.add(pool, w.pool.interface, "collateralConfig", [weth]);
    const health = batch.add(pool, w.pool.interface, "healthFactor", [w.a.address]);
    const round = batch.add(await w.ethFeed.getAddress(), w.ethFeed.interface, "latestRoundData");
    expect(() => totals()).to.throw("read batch: read before run");
    await batch.run(w.lens);
    expect(totals()).to.deep.equal(await w.pool.totals());
    expect(shares()).to.equal(await w.pool.totalBorrowShares());
    expect(config()).to.deep.equal(await w.pool.collateralConfig(weth));
    expect(health()).to.equal(await w.pool.healthFactor(w.a.address));
    expect(round()).to.deep.equal(await w.ethFeed.latestRoundData());
    expect(() => batch.add(pool, w.pool.interface, "totals")).to.throw("read batch: already read");
  });

  it("reverts with the failing call's own error, and on lists of different lengths", async () => {
    const w = await loadFixture(world);
    const pool = await w.pool.getAddress();
    const unlisted = ethers.Wallet.createRandom().address;
    const bad = w.pool.interface.encodeFunctionData("previewLiquidation", [w.a.address, unlisted, 1n]);
    const good = w.pool.interface.encodeFunctionData("totals");
    await expect(w.lens.reads([pool, pool], [good, bad]))
      .to.be.revertedWithCustomError(w.pool, "CollateralNotListed")
      .withArgs(unlisted);
    await expect(w.lens.reads([pool], [good, good]))
      .to.be.revertedWithCustomError(w.lens, "LengthMismatch")
      .withArgs(1, 2);
    expect(await w.lens.reads([], [])).to.deep.equal([]);
  });

  it("the lens runs the calls as a view: a state-changing call inside fails", async () => {
    const w = await loadFixture(world);
    const weth = await w.weth.getAddress();
    const transfer = w.weth.interface.encodeFunctionData("transfer", [w.a.address, 0n]);
    await expect(w.lens.reads([weth], [transfer])).to.be.reverted;
  });

  it("a batch reads more than one block's gas: 400 balance reads with blocks of 1M gas", async () => {
    const w = await loadFixture(world);
    const weth = await w.weth.getAddress();
    const gasLimit = (await ethers.provider.getBlock("latest"))!.gasLimit;
    await ethers.provider.send("evm_setBlockGasLimit", ["0x" + (1_000_000).toString(16)]);
    await ethers.provider.send("evm_mine", []);
    try {
      const batch = new ReadBatch();
      const reads = Array.from({ length: 400 }, () =>
        batch.add<bigint>(weth, w.weth.interface, "balanceOf", [w.a.address]),
      );
      // Within one such block's gas, the same reads run out of it.
      await expect(
        w.lens.reads(
          Array(400).fill(weth),
          Array(400).fill(w.weth.interface.encodeFunctionData("balanceOf", [w.a.address])),
          { gasLimit: 1_000_000 },
        ),
      ).to.be.reverted;
      await batch.run(w.lens);
      const held = await w.weth.balanceOf(w.a.address);
      expect(reads.every((r) => r() === held)).to.equal(true);
    } finally {
      await ethers.provider.send("evm_setBlockGasLimit", ["0x" + gasLimit.toString(16)]);
      await ethers.provider.send("evm_mine", []);
    }
  });
});
