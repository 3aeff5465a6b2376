import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployPerp, ETH, USD, expectConserved, open, movePool, setMark } from "./fixture";
import type { PerpFixture } from "./fixture";

const WAD = 10n ** 18n;

async function lastAccrual(f: PerpFixture) {
  const logs = await f.market.queryFilter(f.market.filters.FundingAccrued());
  return logs[logs.length - 1].args;
}

describe("PerpMarket: funding", () => {
  const fixture = () => deployPerp();

  it("makes longs pay shorts when the pool trades above the index, at premium / 8 h per second", async () => {
    const f = await loadFixture(fixture);
    const long = await open(f, f.alice, true, 10n * ETH, 2_000n * USD);
    const short = await open(f, f.bob, false, 10n * ETH, 2_000n * USD);
    await movePool(f, 2_100n * USD);
    await time.increase(3_600);
    await setMark(f, 2_000n * 10n ** 8n);
    const equityLong = await f.market.equityOf(long);
    const equityShort = await f.market.equityOf(short);
    await f.market.accrueFunding();
    const a = await lastAccrual(f);
    expect(a.ratePerSecondWad).to.be.gt(0n);
    const premium = ((a.twapPrice - a.indexPrice) * WAD) / a.indexPrice;
    expect(a.ratePerSecondWad).to.equal(premium / (8n * 3_600n));
    await time.increase(3_600);
    await setMark(f, 2_000n * 10n ** 8n);
    expect(await f.market.equityOf(long)).to.be.lt(equityLong);
    // The short receives what the long pays, rounded down for the receiver.
    const paid = equityLong - (await f.market.equityOf(long));
    const received = (await f.market.equityOf(short)) - equityShort;
    expect(received).to.be.gt(0n);
    expect(received).to.be.lte(paid + 2n); // both equities also move with the mark's notional rounding
    await f.market.connect(f.alice).closePosition(long, 0n);
    await f.market.connect(f.bob).closePosition(short, 2n ** 255n);
    await expectConserved(f);
  });

  it("caps the rate at maxFundingRatePerSecondWad (Hyperliquid 4%/h)", async () => {
    const f = await loadFixture(fixture);
    await movePool(f, 4_000n * USD);
    await time.increase(600);
    await setMark(f, 2_000n * 10n ** 8n);
    await f.market.accrueFunding();
    expect((await lastAccrual(f)).ratePerSecondWad).to.equal(f.params.maxFundingRatePerSecondWad);
  });

  describe("attack pass: who moves funding, at what cost, within one block", () => {
    it("a pool swap in the block of the accrual does not move the rate it settles (TWAP of earlier blocks)", async () => {
      const f = await loadFixture(fixture);
      const t = (await time.latest()) + 100;
      // Control: no manipulation.
      const snapshot = await ethers.provider.send("evm_snapshot", []);
      await time.setNextBlockTimestamp(t);
      await f.market.accrueFunding();
      const control = await lastAccrual(f);
      await ethers.provider.send("evm_revert", [snapshot]);
      // Attack: push the pool +50% and accrue in the same block.
      await ethers.provider.send("evm_setAutomine", [false]);
      const whale = f.whale;
      const [r0, r1] = await f.pool.getReserves();
      const baseIs0 = (await f.pool.token0()) === (await f.base.getAddress());
      const [rb, rd] = baseIs0 ? [r0, r1] : [r1, r0];
      const out = rb / 5n;
      const amountIn = (rd * out * 10_000n) / ((rb - out) * 9_970n) + 1n;
      await f.debt.connect(whale).transfer(f.pool, amountIn, { gasLimit: 100_000 });
      await f.pool
        .connect(whale)
        .swap(baseIs0 ? out : 0n, baseIs0 ? 0n : out, whale.address, "0x", { gasLimit: 200_000 });
      await f.market.accrueFunding({ gasLimit: 500_000 });
      await time.setNextBlockTimestamp(t);
      await ethers.provider.send("evm_mine", []);
      await ethers.provider.send("evm_setAutomine", [true]);
      const attacked = await lastAccrual(f);
      expect(attacked.twapPrice).to.equal(control.twapPrice);
      expect(attacked.ratePerSecondWad).to.equal(control.ratePerSecondWad);
    });

    it("holding the pool off the index for one 12 s block earns a short far less funding than the swap costs", async () => {
      const f = await loadFixture(fixture);
      // A short of 5% of the pool's depth earns the funding; the whale pays to hold the pool 10% up one block.
      const shortSize = 50n * ETH;
      const short = await open(f, f.bob, false, shortSize, 20_000n * USD);
      const fairPrice = 2_000n * USD;
      await movePool(f, fairPrice); // arbitrage back to the index after the short's own sale
      await f.market.accrueFunding();
      const debtBefore = await f.debt.balanceOf(f.whale);
      const baseBefore = await f.base.balanceOf(f.whale);
      await movePool(f, 2_200n * USD);
      await time.increase(11);
      await f.market.accrueFunding();
      const rate = (await lastAccrual(f)).ratePerSecondWad;
      await movePool(f, fairPrice);
      const spent = debtBefore - (await f.debt.balanceOf(f.whale));
      const baseGained = (await f.base.balanceOf(f.whale)) - baseBefore;
      const cost = spent - (baseGained * fairPrice) / ETH;
      // What the short receives over the 12 s interval at that rate (longs pay: the pool was above the index).
      const gain = (rate * 12n * shortSize * fairPrice) / (WAD * ETH);
      expect(rate).to.be.gt(0n);
      expect(gain).to.be.gt(0n);
      expect(cost).to.be.gt(0n);
      expect(gain * 100n).to.be.lt(cost); // under 1% of the cost
      expect((await f.market.position(short)).size).to.equal(shortSize);
    });
  });

  // Audit A5: funding owed to a position that the vault cannot pay was dropped without a trace.
  it("A5: counts funding the vault cannot pay (fundingForgone, FundingForgone)", async () => {
    const f = await loadFixture(fixture);
    // A 300 ETH long spends most of the vault's cash on its hedge (the pool rises to about 4 080).
    const id = await open(f, f.alice, true, 300n * ETH, 320_000n * USD); // covers the fill far above the mark (A2)
    const cash = await f.market.vaultCash();
    // The mark above the pool for 4 hours: longs receive funding at the 4%/h cap, more than the vault holds.
    await setMark(f, 6_000n * 10n ** 8n);
    await time.increase(4 * 3_600);
    await setMark(f, 6_000n * 10n ** 8n);
    await f.market.accrueFunding();
    const tx = f.market.connect(f.alice).removeMargin(id, USD);
    await expect(tx).to.emit(f.market, "FundingForgone");
    const forgone = await f.market.fundingForgone();
    expect(forgone).to.be.greaterThan(0n);
    expect(await f.market.vaultCash()).to.equal(0n);
    // What was owed = what was paid (the whole cash) + what was forgone.
    const settled = (await f.market.queryFilter(f.market.filters.FundingSettled(id)))[0].args.funding;
    expect(-settled).to.equal(cash);
    await expectConserved(f);
  });
});
