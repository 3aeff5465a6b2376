import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarketNoInterest, openPosition, ETH_PARAMS, USDC, ETH, WAD } from "./fixtures";
import { thresholdAt, type RefThresholdRamp } from "../helpers/lendingMath";

const RISK_ROLE = ethers.id("RISK_ROLE");
const pct = (n: bigint) => (WAD * n) / 100n;
const DAY = 86_400n;

/** No-interest market; the borrower holds 10 ETH (2,000) against 15,000 USDC: health 20,000 x 0.80 / 15,000 = 1.0667. */
async function rampWorld() {
  const m = await deployMarketNoInterest();
  const [admin, , borrower, keeper, stranger] = m.signers;
  await openPosition(m, borrower, { weth: ETH(10) }, USDC(15_000));
  const weth = await m.weth.getAddress();
  // Prices stay fresh for the whole of a one-day ramp.
  const base = {
    feed: await m.ethFeed.getAddress(),
    maxPriceAge: 7 * 86_400,
    supplyCap: ETH(1_000_000),
    ...ETH_PARAMS,
  };
  const liquidator = await ethers.deployContract("CallThenLiquidate");
  await m.usdc.mint(await liquidator.getAddress(), USDC(100_000));
  await m.usdc.mint(keeper.address, USDC(100_000));
  await m.usdc.connect(keeper).approve(await m.pool.getAddress(), ethers.MaxUint256);
  await m.pool.setCollateralConfig(weth, base);
  return { ...m, market: m, admin, borrower, keeper, stranger, weth, base, liquidator };
}

type World = Awaited<ReturnType<typeof rampWorld>>;

async function rampOf(w: World): Promise<RefThresholdRamp> {
  const r = await w.pool.thresholdRamp(w.weth);
  return { target: r.target, from: r.from, end: r.end, duration: r.duration };
}
const inForce = async (w: World) => (await w.pool.collateralConfig(w.weth)).liquidationThreshold;
const health = (w: World) => w.pool.healthFactor(w.borrower.address);
const liquidate = (w: World) =>
  w.pool.connect(w.keeper).liquidate(w.borrower.address, w.weth, USDC(1_000), w.keeper.address, 0);

describe("LendingPool: liquidation thresholds ramp down (issue 15, F1)", () => {
  it("an owner's cut ramps over THRESHOLD_RAMP_DURATION from the threshold in force; nothing moves in its block", async () => {
    const w = await loadFixture(rampWorld);
    const duration = await w.pool.THRESHOLD_RAMP_DURATION();
    expect(duration).to.equal(DAY);
    const before = await health(w);
    const tx = await w.pool.setCollateralConfig(w.weth, { ...w.base, ltv: pct(60n), liquidationThreshold: pct(70n) });
    const t = BigInt(await time.latest());
    await expect(tx)
      .to.emit(w.pool, "ThresholdRampStarted")
      .withArgs(w.weth, pct(80n), pct(70n), t + DAY);
    expect(await rampOf(w)).to.deep.equal({ target: pct(70n), from: pct(80n), end: t + DAY, duration: DAY });
    // The views run at the latest block's time: the change's own block.
    expect(await inForce(w)).to.equal(pct(80n));
    expect(await health(w)).to.equal(before);
    // Half-way: 75%, health 1.0; a quarter of the way: 77.5%.
    await time.increaseTo(t + DAY / 4n);
    expect(await inForce(w)).to.equal(pct(775n) / 10n);
    expect(await health(w)).to.equal((USDC(20_000) * pct(775n)) / 10n / USDC(15_000));
    await expect(liquidate(w)).to.be.revertedWithCustomError(w.pool, "NotLiquidatable");
    await time.increaseTo(t + DAY);
    expect(await inForce(w)).to.equal(pct(70n));
    await expect(liquidate(w)).to.emit(w.pool, "Liquidation");
  });

  it("a cut bundled with a liquidation in one transaction cannot liquidate a healthy position", async () => {
    const w = await loadFixture(rampWorld);
    await w.pool.grantRole(RISK_ROLE, await w.liquidator.getAddress());
    const call = (threshold: bigint, ramp: bigint | null) =>
      w.liquidator.run(
        w.pool,
        ramp === null
          ? w.pool.interface.encodeFunctionData("setCollateralConfig", [
              w.weth,
              { ...w.base, ltv: pct(50n), liquidationThreshold: threshold },
            ])
          : w.pool.interface.encodeFunctionData("setCollateralConfigWithRamp", [
              w.weth,
              { ...w.base, ltv: pct(50n), liquidationThreshold: threshold },
              ramp,
            ]),
        w.pool,
        w.borrower.address,
        w.weth,
        USDC(1_000),
      );
    const h = await health(w);
    await expect(call(pct(60n), null))
      .to.be.revertedWithCustomError(w.pool, "NotLiquidatable")
      .withArgs(w.borrower, h);
    await expect(call(pct(60n), 1n))
      .to.be.revertedWithCustomError(w.pool, "NotLiquidatable")
      .withArgs(w.borrower, h);
    // A zero-length ramp is a cut at once (RISK_ROLE's explicit choice): the old behaviour.
    await expect(call(pct(60n), 0n)).to.emit(w.pool, "Liquidation");
  });

  it("a raise applies at once and ends a ramp; a cut during a cut restarts from the value in force", async () => {
    const w = await loadFixture(rampWorld);
    await w.pool.setCollateralConfigWithRamp(
      w.weth,
      { ...w.base, ltv: pct(50n), liquidationThreshold: pct(60n) },
      1000,
    );
    const t0 = BigInt(await time.latest());
    await time.increaseTo(t0 + 333n);
    const first = await rampOf(w);
    const mid = thresholdAt(first, t0 + 334n); // the next transaction's block
    // Cut further, over 100 s: starts from the value in force (no jump), ends at 55%.
    await w.pool.setCollateralConfigWithRamp(w.weth, { ...w.base, ltv: pct(50n), liquidationThreshold: pct(55n) }, 100);
    const t1 = BigInt(await time.latest());
    expect(t1).to.equal(t0 + 334n);
    expect(await rampOf(w)).to.deep.equal({ target: pct(55n), from: mid, end: t1 + 100n, duration: 100n });
    expect(await inForce(w)).to.equal(mid);
    await time.increase(10);
    const now = BigInt(await time.latest()) + 1n;
    const at = thresholdAt(await rampOf(w), now);
    // Setting the value in force itself stops the ramp there, at once.
    await time.setNextBlockTimestamp(now);
    await w.pool.setCollateralConfig(w.weth, { ...w.base, ltv: pct(50n), liquidationThreshold: at });
    expect(await rampOf(w)).to.deep.equal({ target: at, from: at, end: 0n, duration: 0n });
    await time.increase(1000);
    expect(await inForce(w)).to.equal(at);
    // A raise is at once.
    await expect(w.pool.setCollateralConfig(w.weth, { ...w.base, liquidationThreshold: pct(85n) })).not.to.emit(
      w.pool,
      "ThresholdRampStarted",
    );
    expect(await inForce(w)).to.equal(pct(85n));
  });

  it("the borrow LTV applies at once (it liquidates nobody)", async () => {
    const w = await loadFixture(rampWorld);
    // 15,000 of 20,000 at 75%: at the limit. Lowering the LTV stops new borrowing at once; a cut of the threshold
    // in the same call does not move health in this block.
    await w.pool.setCollateralConfig(w.weth, { ...w.base, ltv: pct(50n), liquidationThreshold: pct(70n) });
    await expect(w.pool.connect(w.borrower).borrow(1n, w.borrower.address, w.borrower.address))
      .to.be.revertedWithCustomError(w.pool, "BorrowLimitExceeded")
      .withArgs(USDC(15_000) + 1n, USDC(10_000));
    expect((await w.pool.accountState(w.borrower.address)).borrowLimit).to.equal(USDC(10_000));
  });

  it("checks the whole ramp: LTV below its end, its start x (1 + bonus) below 1, a bounded duration", async () => {
    const w = await loadFixture(rampWorld);
    // LTV 72% is below the 80% in force but not below the 70% the cut ends at.
    const lowEnd = { ...w.base, ltv: pct(72n), liquidationThreshold: pct(70n) };
    await expect(w.pool.setCollateralConfig(w.weth, lowEnd))
      .to.be.revertedWithCustomError(w.pool, "InvalidCollateralConfig")
      .withArgs(w.weth, pct(72n), pct(70n), 500);
    // Bonus 30% with a cut to 70%: 70% x 1.3 = 0.91 is fine, but the ramp starts at 80% (x 1.3 = 1.04).
    const bonusUp = { ...w.base, ltv: pct(50n), liquidationThreshold: pct(70n), liquidationBonusBps: 3000 };
    await expect(w.pool.setCollateralConfig(w.weth, bonusUp))
      .to.be.revertedWithCustomError(w.pool, "InvalidCollateralConfig")
      .withArgs(w.weth, pct(50n), pct(70n), 3000);
    // At once (no ramp), the same change is valid: nothing is in force above 70%.
    await w.pool.setCollateralConfigWithRamp(w.weth, bonusUp, 0);
    expect(await inForce(w)).to.equal(pct(70n));
    const max = await w.pool.MAX_THRESHOLD_RAMP();
    await expect(w.pool.setCollateralConfigWithRamp(w.weth, w.base, max + 1n))
      .to.be.revertedWithCustomError(w.pool, "InvalidRampDuration")
      .withArgs(max + 1n, max);
    await expect(w.pool.connect(w.stranger).setCollateralConfigWithRamp(w.weth, w.base, 0))
      .to.be.revertedWithCustomError(w.pool, "AccessControlUnauthorizedAccount")
      .withArgs(w.stranger.address, RISK_ROLE);
    await expect(w.pool.setCollateralConfigWithRamp(w.stranger.address, w.base, 0))
      .to.be.revertedWithCustomError(w.pool, "CollateralNotListed")
      .withArgs(w.stranger.address);
  });

  it("every health read uses the ramp's value: batch scans and previews agree with healthFactor", async () => {
    const w = await loadFixture(rampWorld);
    // Two collaterals, a cut on WETH only: 10 ETH and 0.1 BTC against 15,000 (WBTC's 75% stays).
    await openPosition(w.market, w.stranger, { weth: ETH(10), wbtc: 10n ** 7n }, USDC(15_000));
    await w.pool.setCollateralConfigWithRamp(w.weth, { ...w.base, ltv: pct(40n), liquidationThreshold: pct(50n) }, 999);
    const t = BigInt(await time.latest());
    await time.increaseTo(t + 700n);
    const r = await rampOf(w);
    const threshold = thresholdAt(r, t + 700n);
    expect(await inForce(w)).to.equal(threshold);
    const accounts = [w.borrower.address, w.stranger.address];
    const batch = await w.pool.healthFactorsOf(accounts);
    for (const [i, a] of accounts.entries()) expect(batch[i]).to.equal(await w.pool.healthFactor(a));
    const ethLimit = (USDC(20_000) * threshold) / WAD;
    expect(batch[0]).to.equal((ethLimit * WAD) / USDC(15_000));
    expect(batch[1]).to.equal(((ethLimit + (USDC(3_000) * pct(75n)) / WAD) * WAD) / USDC(15_000));
    // Below 1 now (about 59%): liquidatable, and the preview says so.
    expect(batch[0]).to.be.lessThan(WAD);
    const [repaid] = await w.pool.previewLiquidation(w.borrower.address, w.weth, USDC(1_000));
    expect(repaid).to.equal(USDC(1_000));
  });
});
