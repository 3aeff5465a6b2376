import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarketNoInterest, openPosition, expectConserved, USDC, ETH, BTC, FEED, WAD, MARKET } from "./fixtures";
import { liquidationAmounts } from "../helpers/lendingMath";

/** One borrower with 10 ETH and 15,000 USDC of debt (health 16,000/15,000 at 2,000) and a funded liquidator. */
async function liquidationWorld() {
  const m = await deployMarketNoInterest();
  const [, , borrower, liquidator] = m.signers;
  await openPosition(m, borrower, { weth: ETH(10) }, USDC(15_000));
  await m.usdc.mint(liquidator.address, USDC(1_000_000));
  await m.usdc.connect(liquidator).approve(await m.pool.getAddress(), ethers.MaxUint256);
  return { ...m, borrower, liquidator, weth: m.weth, wethAddress: await m.weth.getAddress() };
}

async function expected(w: Awaited<ReturnType<typeof liquidationWorld>>, requested: bigint, answer: bigint) {
  const s = await w.pool.accountState(w.borrower.address);
  return liquidationAmounts({
    debt: s.debt,
    health: s.healthFactor,
    collateralValue: s.collateralValue,
    balance: await w.pool.collateralOf(w.borrower.address, w.wethAddress),
    decimals: 18,
    answer,
    feedDecimals: 8,
    bonusBps: 500n,
    closeFactor: MARKET.closeFactor,
    fullCloseHealthFactor: MARKET.fullCloseHealthFactor,
    dust: MARKET.dust,
    requested,
    debtDecimals: 6,
  });
}

describe("LendingPool: fixed-bonus liquidation", () => {
  it("refuses to liquidate a healthy position", async () => {
    const w = await loadFixture(liquidationWorld);
    await expect(w.pool.connect(w.liquidator).liquidate(w.borrower.address, w.wethAddress, USDC(1), w.liquidator, 0))
      .to.be.revertedWithCustomError(w.pool, "NotLiquidatable")
      .withArgs(w.borrower.address, (16_000n * WAD) / 15_000n);
  });

  it("repays up to the close factor and seizes repaid x (1 + bonus) at the oracle price, to the wei", async () => {
    const w = await loadFixture(liquidationWorld);
    await w.ethFeed.setAnswer(FEED(1850)); // health 14,800 / 15,000 = 0.9867 >= 0.95: close factor applies
    const want = await expected(w, USDC(10_000), FEED(1850));
    expect(want.repaid).to.equal(USDC(7_500));
    // 7,500 x 1.05 / 1,850 ETH, rounded down to the wei
    expect(want.seized).to.equal((USDC(7_500) * 10_500n * 10n ** 18n) / (10_000n * USDC(1850)));
    const before = await w.weth.balanceOf(w.liquidator.address);
    await expect(
      w.pool.connect(w.liquidator).liquidate(w.borrower.address, w.wethAddress, USDC(10_000), w.liquidator, 0),
    )
      .to.emit(w.pool, "Liquidation")
      .withArgs(
        w.liquidator.address,
        w.borrower.address,
        w.wethAddress,
        w.liquidator.address,
        want.repaid,
        want.seized,
        1850n * WAD,
        (14_800n * WAD) / 15_000n,
        (h: bigint) => h > (14_800n * WAD) / 15_000n,
      );
    expect((await w.weth.balanceOf(w.liquidator.address)) - before).to.equal(want.seized);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(USDC(7_500));
    expect(await w.pool.collateralOf(w.borrower.address, w.wethAddress)).to.equal(ETH(10) - want.seized);
    await expectConserved(w);
  });

  it("lets the whole debt be closed below the full-close health factor", async () => {
    const w = await loadFixture(liquidationWorld);
    await w.ethFeed.setAnswer(FEED(1700)); // health 13,600 / 15,000 = 0.907 < 0.95
    const want = await expected(w, USDC(15_000), FEED(1700));
    expect(want.repaid).to.equal(USDC(15_000));
    await w.pool.connect(w.liquidator).liquidate(w.borrower.address, w.wethAddress, USDC(15_000), w.liquidator, 0);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(0n);
    expect(await w.pool.collateralOf(w.borrower.address, w.wethAddress)).to.equal(ETH(10) - want.seized);
    await expectConserved(w);
  });

  it("takes everything when a liquidation would leave debt below dust", async () => {
    const w = await loadFixture(liquidationWorld);
    await w.ethFeed.setAnswer(FEED(1700));
    // asks for all but 5 USDC: 5 < dust (10 USDC), so the whole debt is repaid
    const want = await expected(w, USDC(14_995), FEED(1700));
    expect(want.repaid).to.equal(USDC(15_000));
    await expect(
      w.pool.connect(w.liquidator).liquidate(w.borrower.address, w.wethAddress, USDC(14_995), w.liquidator, 0),
    ).to.emit(w.pool, "Liquidation");
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(0n);
  });

  it("takes all the collateral when what would remain is worth less than dust", async () => {
    const m = await deployMarketNoInterest();
    const [, , borrower, liquidator] = m.signers;
    const weth = await m.weth.getAddress();
    await openPosition(m, borrower, { weth: ETH(1) }, USDC(1_500));
    await m.usdc.mint(liquidator.address, USDC(10_000));
    await m.usdc.connect(liquidator).approve(await m.pool.getAddress(), ethers.MaxUint256);
    await m.ethFeed.setAnswer(FEED(1540)); // value 1,540 < 1,500 x 1.05: toxic, full close allowed
    // repaying 1,460 would seize 0.99545 ETH and leave 7 USDC of collateral (< dust): all of it goes
    const [repaid, seized] = await m.pool.previewLiquidation(borrower.address, weth, USDC(1_460));
    expect(seized).to.equal(ETH(1));
    expect(repaid).to.equal((USDC(1_540) * 10_000n + 10_499n) / 10_500n);
    await m.pool.connect(liquidator).liquidate(borrower.address, weth, USDC(1_460), liquidator.address, 0);
    expect(await m.pool.collateralOf(borrower.address, weth)).to.equal(0n);
    // no collateral left: the rest of the debt is bad debt, written off in the same call
    expect(await m.pool.debtOf(borrower.address)).to.equal(0n);
    expect(await m.pool.totalBadDebt()).to.equal(USDC(1_500) - repaid);
    await expectConserved(m);
  });

  it("guards the liquidator against receiving less collateral than it asked for", async () => {
    const w = await loadFixture(liquidationWorld);
    await w.ethFeed.setAnswer(FEED(1850));
    const want = await expected(w, USDC(1_000), FEED(1850));
    await expect(
      w.pool
        .connect(w.liquidator)
        .liquidate(w.borrower.address, w.wethAddress, USDC(1_000), w.liquidator, want.seized + 1n),
    )
      .to.be.revertedWithCustomError(w.pool, "CollateralOutTooLow")
      .withArgs(want.seized, want.seized + 1n);
  });

  it("shows the toxic case: each partial liquidation lowers health when collateral < debt x (1 + bonus)", async () => {
    const w = await loadFixture(liquidationWorld);
    await w.ethFeed.setAnswer(FEED(1560)); // value 15,600 < 15,000 x 1.05 = 15,750
    let health = await w.pool.healthFactor(w.borrower.address);
    for (let i = 0; i < 3; i++) {
      await w.pool.connect(w.liquidator).liquidate(w.borrower.address, w.wethAddress, USDC(1_000), w.liquidator, 0);
      const after = await w.pool.healthFactor(w.borrower.address);
      expect(after).to.be.lt(health);
      health = after;
    }
    // The market's answer: the close factor is lifted, so one liquidation can take all the collateral at once and
    // the rest of the debt is written off as bad debt in the same call, instead of bleeding the position.
    const debt = await w.pool.debtOf(w.borrower.address);
    const balance = await w.pool.collateralOf(w.borrower.address, w.wethAddress);
    const want = await expected(w, debt, FEED(1560));
    expect(want.seized).to.equal(balance);
    await w.pool.connect(w.liquidator).liquidate(w.borrower.address, w.wethAddress, debt, w.liquidator, 0);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(0n);
    expect(await w.pool.totalBadDebt()).to.equal(debt - want.repaid);
    await expectConserved(w);
  });

  it("liquidates one collateral of a multi-collateral position", async () => {
    const m = await deployMarketNoInterest();
    const [, , borrower, liquidator] = m.signers;
    const wbtc = await m.wbtc.getAddress();
    await openPosition(m, borrower, { weth: ETH(5), wbtc: BTC(1) }, USDC(28_000));
    // BTC falls to 26,000: limit 5 x 2,000 x 0.8 + 26,000 x 0.75 = 27,500 < 28,000 (health 0.982: close factor)
    await m.btcFeed.setAnswer(FEED(26_000));
    await m.usdc.mint(liquidator.address, USDC(100_000));
    await m.usdc.connect(liquidator).approve(await m.pool.getAddress(), ethers.MaxUint256);
    const tx = await m.pool.connect(liquidator).liquidate(borrower.address, wbtc, USDC(10_000), liquidator.address, 0);
    // the event's health after (computed without re-reading every feed) equals what the market reports after
    const event = (await tx.wait())!.logs
      .map((l) => m.pool.interface.parseLog(l))
      .find((e) => e?.name === "Liquidation")!;
    expect(event.args.healthAfter).to.equal(await m.pool.healthFactor(borrower.address));
    // 10,000 x 1.075 / 26,000 BTC in 8 decimals, rounded down
    expect(await m.wbtc.balanceOf(liquidator.address)).to.equal(
      (USDC(10_000) * 10_750n * 10n ** 8n) / (10_000n * USDC(26_000)),
    );
    expect(await m.pool.debtOf(borrower.address)).to.equal(USDC(18_000));
    await expectConserved(m);
  });

  it("refuses on a stale price, when paused, when disabled, and when there is nothing to seize", async () => {
    const w = await loadFixture(liquidationWorld);
    const [admin] = w.signers;
    await w.ethFeed.setAnswer(FEED(1700));
    const L = w.pool.connect(w.liquidator);
    const wbtc = await w.wbtc.getAddress();
    await expect(L.liquidate(w.borrower.address, wbtc, USDC(1), w.liquidator, 0))
      .to.be.revertedWithCustomError(w.pool, "NothingToLiquidate")
      .withArgs(w.borrower.address, wbtc);
    await expect(L.liquidate(w.borrower.address, w.wethAddress, 0, w.liquidator, 0)).to.be.revertedWithCustomError(
      w.pool,
      "ZeroAmount",
    );
    const usdc = await w.usdc.getAddress();
    await expect(L.liquidate(w.borrower.address, usdc, USDC(1), w.liquidator, 0))
      .to.be.revertedWithCustomError(w.pool, "CollateralNotListed")
      .withArgs(usdc);
    const LIQ = await w.pool.PAUSE_LIQUIDATE();
    await w.pool.connect(admin).setPaused(LIQ, true);
    await expect(L.liquidate(w.borrower.address, w.wethAddress, USDC(1), w.liquidator, 0))
      .to.be.revertedWithCustomError(w.pool, "Paused")
      .withArgs(LIQ);
    await w.pool.connect(admin).setPaused(LIQ, false);
    await w.pool.connect(admin).setMarketConfig({ ...MARKET, mechanisms: 2 });
    await expect(L.liquidate(w.borrower.address, w.wethAddress, USDC(1), w.liquidator, 0))
      .to.be.revertedWithCustomError(w.pool, "MechanismDisabled")
      .withArgs(1);
    await w.pool.connect(admin).setMarketConfig(MARKET);
    // A stale price is refused: liquidating on a price nobody can confirm could seize a healthy position.
    const updatedAt = await w.ethFeed.updatedAt();
    await time.increase(3601);
    await expect(L.liquidate(w.borrower.address, w.wethAddress, USDC(1), w.liquidator, 0))
      .to.be.revertedWithCustomError(w.pool, "StalePrice")
      .withArgs(w.wethAddress, updatedAt, 3600);
  });
});

describe("LendingPool: the toxic-position close-factor lift, not masked by the full-close rule (issue 15)", () => {
  // fullCloseHealthFactor 0.5 < threshold x (1 + bonus) = 0.84: between them only the toxic rule allows a full close
  async function lowFullClose() {
    const w = await liquidationWorld();
    await w.pool.setMarketConfig({ ...MARKET, fullCloseHealthFactor: WAD / 2n });
    return w;
  }

  it("a toxic position at health 0.747 (above the full-close level) may be closed whole", async () => {
    const w = await loadFixture(lowFullClose);
    await w.ethFeed.setAnswer(FEED(1400)); // collateral 14,000 < 15,000 x 1.05: toxic; health 11,200 / 15,000
    expect(await w.pool.healthFactor(w.borrower.address)).to.be.gt(WAD / 2n);
    const [repaid, seized] = await w.pool.previewLiquidation(w.borrower.address, w.wethAddress, ethers.MaxUint256);
    expect(repaid).to.be.gt(USDC(7_500)); // more than the 50% close factor
    expect(seized).to.equal(ETH(10));
    await w.pool
      .connect(w.liquidator)
      .liquidate(w.borrower.address, w.wethAddress, ethers.MaxUint256, w.liquidator.address, 0);
    expect(await w.pool.collateralOf(w.borrower.address, w.wethAddress)).to.equal(0n);
    expect(await w.pool.debtOf(w.borrower.address)).to.equal(0n); // the rest booked as bad debt
    expect(await w.pool.totalBadDebt()).to.equal(USDC(15_000) - repaid);
    await expectConserved(w);
  });

  it("a position that is not toxic, at the same low full-close level, repays at most the close factor", async () => {
    const w = await loadFixture(lowFullClose);
    await w.ethFeed.setAnswer(FEED(1850)); // collateral 18,500 >= 15,750; health 0.987
    const [repaid] = await w.pool.previewLiquidation(w.borrower.address, w.wethAddress, ethers.MaxUint256);
    expect(repaid).to.equal(USDC(7_500));
  });
});
