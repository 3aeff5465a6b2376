import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { deployPerp, ETH, USD, expectConserved, open, poolPrice, moveMarket } from "./fixture";

describe("PerpMarket: opening and closing", () => {
  const fixture = () => deployPerp();

  it("hedges a long on the pool: the vault buys the size, the pool price rises", async () => {
    const f = await loadFixture(fixture);
    const before = await poolPrice(f);
    const vaultBase = await f.market.vaultBase();
    const id = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
    const p = await f.market.position(id);
    expect(p.size).to.equal(10n * ETH);
    expect(p.isLong).to.equal(true);
    expect(await f.market.vaultBase()).to.equal(vaultBase + 10n * ETH);
    expect(await poolPrice(f)).to.be.gt(before);
    expect(await f.market.longOpenInterest()).to.equal(10n * ETH);
    // The fee is the taker fee on the executed notional, rounded up.
    const fee = (p.entryNotional * 5n + 9_999n) / 10_000n;
    expect(p.margin).to.equal(1_500n * USD - fee);
    expect(await f.market.protocolFees()).to.equal(fee);
    await expectConserved(f);
  });

  it("hedges a short by selling the vault's base: the pool price falls", async () => {
    const f = await loadFixture(fixture);
    const before = await poolPrice(f);
    await open(f, f.bob, false, 5n * ETH, 1_000n * USD);
    expect(await poolPrice(f)).to.be.lt(before);
    expect(await f.market.shortOpenInterest()).to.equal(5n * ETH);
    await expectConserved(f);
  });

  it("closes at the pool: the payout is margin + PnL - fee and the hedge is traded back", async () => {
    const f = await loadFixture(fixture);
    const id = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
    await moveMarket(f, 2_200n);
    const p = await f.market.position(id);
    const balance = await f.debt.balanceOf(f.alice);
    const tx = await f.market.connect(f.alice).closePosition(id, 0n);
    const receipt = await tx.wait();
    const event = receipt!.logs.map((l) => f.market.interface.parseLog(l)).find((e) => e?.name === "PositionClosed")!;
    const [, exitNotional, pnl, fee, payout] = event.args;
    expect(pnl).to.be.gt(0n);
    // PnL and funding (the event's `realizedPnl`) move between margin and vault; the fee is the taker fee.
    expect(payout).to.equal(p.margin + BigInt(pnl) - fee);
    expect(fee).to.equal((exitNotional * 5n + 9_999n) / 10_000n);
    expect((await f.debt.balanceOf(f.alice)) - balance).to.equal(payout);
    expect((await f.market.position(id)).size).to.equal(0n);
    expect(await f.market.longOpenInterest()).to.equal(0n);
    await expectConserved(f);
  });

  it("refuses an open below the initial margin at the mark (IMR = 1 / maxLeverage)", async () => {
    const f = await loadFixture(fixture);
    // 10 ETH ≈ 20 000 USD: 1 000 USD of margin minus the ~1.3% slippage loss is below 5%.
    await expect(
      f.market.connect(f.alice).openPosition(true, 10n * ETH, 1_000n * USD, 2n ** 255n),
    ).to.be.revertedWithCustomError(f.market, "InsufficientInitialMargin");
  });

  it("enforces the caller's notional limit", async () => {
    const f = await loadFixture(fixture);
    await expect(
      f.market.connect(f.alice).openPosition(true, 1n * ETH, 500n * USD, 2_000n * USD),
    ).to.be.revertedWithCustomError(f.market, "PriceLimit");
    await expect(
      f.market.connect(f.alice).openPosition(false, 1n * ETH, 500n * USD, 2_000n * USD),
    ).to.be.revertedWithCustomError(f.market, "PriceLimit");
  });

  it("caps shorts by the vault's free base and longs by its cash", async () => {
    const f = await loadFixture(fixture);
    await expect(
      f.market.connect(f.bob).openPosition(false, 201n * ETH, 2_000_000n * USD, 0n),
    ).to.be.revertedWithCustomError(f.market, "VaultBaseShort");
    await expect(
      f.market.connect(f.bob).openPosition(true, 500n * ETH, 5_000_000n * USD, 2n ** 255n),
    ).to.be.revertedWithCustomError(f.market, "VaultCashShort");
  });

  it("lets only the owner close or remove margin, and keeps the initial margin after a removal", async () => {
    const f = await loadFixture(fixture);
    const id = await open(f, f.alice, true, 1n * ETH, 500n * USD);
    await expect(f.market.connect(f.bob).closePosition(id, 0n)).to.be.revertedWithCustomError(f.market, "NotOwner");
    await expect(f.market.connect(f.bob).removeMargin(id, 1n)).to.be.revertedWithCustomError(f.market, "NotOwner");
    await expect(f.market.connect(f.alice).removeMargin(id, 450n * USD)).to.be.revertedWithCustomError(
      f.market,
      "PositionUnhealthy",
    );
    await f.market.connect(f.alice).removeMargin(id, 100n * USD);
    await f.market.connect(f.bob).addMargin(id, 50n * USD);
    await expectConserved(f);
  });

  it("refuses an owner's close that would leave bad debt (liquidation recognises it instead)", async () => {
    const f = await loadFixture(fixture);
    const id = await open(f, f.alice, true, 10n * ETH, 1_500n * USD);
    await moveMarket(f, 1_700n);
    await expect(f.market.connect(f.alice).closePosition(id, 0n)).to.be.revertedWithCustomError(
      f.market,
      "PositionUnhealthy",
    );
  });

  it("rejects zero amounts, unknown positions, a stale mark and out-of-bound parameters", async () => {
    const f = await loadFixture(fixture);
    await expect(f.market.connect(f.alice).openPosition(true, 0n, 1n, 0n)).to.be.revertedWithCustomError(
      f.market,
      "ZeroAmount",
    );
    await expect(f.market.liquidate(99n)).to.be.revertedWithCustomError(f.market, "UnknownPosition");
    for (const [name, value] of [
      ["maxLeverage", 0n],
      ["mmrFractionOfImrWad", 2n * 10n ** 18n],
      ["takerFeeBps", 101n],
      ["sliceBps", 0n],
      ["fundingPeriod", 60n],
      ["maxOracleAge", 0n],
      ["maxOpenPositions", 0n],
    ] as const) {
      await expect(f.market.setParams({ ...f.params, [name]: value }))
        .to.be.revertedWithCustomError(f.market, "InvalidParam")
        .withArgs(name, value);
    }
    await expect(f.market.connect(f.alice).setParams(f.params)).to.be.revertedWithCustomError(
      f.market,
      "AccessControlUnauthorizedAccount",
    );
    await ethers.provider.send("evm_increaseTime", [3_601]);
    await ethers.provider.send("evm_mine", []);
    await expect(f.market.markPrice()).to.be.revertedWithCustomError(f.market, "StaleMark");
  });
});
