import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { RISK_ROLE, FEED, WAD } from "./fixtures";
import { PARAMS, applied, config, pct, ramp, world } from "./dynamicRiskWorld";
import type { DynamicRiskWorld } from "./dynamicRiskWorld";
import { divDown } from "../helpers/lendingMath";
import { inOneBlock } from "../helpers/blocks";
import { isqrt, nextVariance, raiseRoom, returnWad, sigmaOf, targetsOf } from "../helpers/dynamicRiskMath";

/** update() mined exactly `seconds` after the previous update. */
async function updateAfter(w: DynamicRiskWorld, seconds: bigint) {
  await time.setNextBlockTimestamp((await w.controller.lastThresholdStep()) + seconds);
  return applied(w, w.controller.update());
}

/** An odd price (raw feed units, 8 decimals) so that returns measured from it do not divide evenly. */
const A = 210_012_345_679n;
const B = 190_000_000_000n;
/** A sensitivity that is not a whole number, so sensitivity x sigma has a remainder. */
const SENSITIVITY = 3_333_333_333_333_333_333n;

describe("DynamicRiskController: the model, exact to the wei", () => {
  it("isqrt, the reference's square root, is the floor", () => {
    for (const n of [0n, 1n, 2n, 3n, 4n, 15n, 16n, 17n, 10n ** 36n - 1n, 10n ** 36n]) {
      const r = isqrt(n);
      expect(r * r <= n && (r + 1n) * (r + 1n) > n).to.equal(true);
    }
  });

  it("folds each new round's return into the EWMA variance; a round already seen is not folded again", async () => {
    const w = await loadFixture(world);
    const p = { ...PARAMS, volSensitivity: SENSITIVITY };
    await w.controller.setParams(p);
    const P0 = await w.controller.lastPrice();
    expect(await w.controller.variance()).to.equal(0n);

    await time.increase(3600);
    await w.ethFeed.setAnswer(A);
    const r1 = returnWad(A, P0);
    const v1 = nextVariance(0n, r1, PARAMS.ewmaLambda);
    await expect(w.controller.update()).to.emit(w.controller, "VolatilityObserved").withArgs(A, r1, v1);

    await time.increase(3600);
    await w.ethFeed.setAnswer(B);
    const r2 = returnWad(B, A); // |B - A| / A has a remainder: rounded down
    expect(((A - B) * WAD) % A).to.not.equal(0n);
    const v2 = nextVariance(v1, r2, PARAMS.ewmaLambda);
    const tx = w.controller.update();
    await expect(tx).to.emit(w.controller, "VolatilityObserved").withArgs(B, r2, v2);
    expect(await w.controller.variance()).to.equal(v2);
    expect(await w.controller.lastPrice()).to.equal(B);

    // The targets from sigma: the cut rounds up, the targets down (depth at its target: no depth factor).
    const s = sigmaOf(v2);
    const [ltvTarget, thresholdTarget] = targetsOf(p, s, p.targetDepthRatio);
    const e = await applied(w, tx);
    expect(e.sigma).to.equal(s);
    expect(e.depth).to.equal(p.targetDepthRatio);
    expect([e.ltvTarget, e.thresholdTarget]).to.deep.equal([ltvTarget, thresholdTarget]);
    expect(await w.controller.targets()).to.deep.equal([ltvTarget, thresholdTarget]);

    // No new round: nothing is folded, the variance stays.
    await time.increase(3600);
    await expect(w.controller.update()).not.to.emit(w.controller, "VolatilityObserved");
    expect(await w.controller.variance()).to.equal(v2);
  });

  it("raises the threshold linearly in the time since the previous update, one step per interval at most", async () => {
    const w = await loadFixture(world);
    // Calm target 85% against 80% in force: a raise limited by the room.
    const p = { ...PARAMS, baseThreshold: pct(85n), maxThreshold: pct(85n) };
    await w.controller.setParams(p);
    const step = PARAMS.maxThresholdStep;
    const interval = BigInt(PARAMS.minUpdateInterval);
    const ltvOf = (threshold: bigint) => divDown(threshold * p.baseLtv, p.baseThreshold);

    // 1,801 s: 1,801 / 3,600 of a step, rounded down (the division has a remainder).
    let threshold = pct(80n) + raiseRoom(step, 1801n, interval);
    expect((step * 1801n) % interval).to.not.equal(0n);
    let e = await updateAfter(w, 1801n);
    expect(e).to.deep.equal({
      ltv: ltvOf(threshold), // the LTV cap threshold x baseLtv / baseThreshold, rounded down, is below 75%
      threshold,
      ltvTarget: pct(75n),
      thresholdTarget: pct(85n),
      sigma: 0n,
      depth: p.targetDepthRatio,
    });
    expect(await config(w)).to.deep.equal({ ltv: ltvOf(threshold), threshold });

    // Two intervals: still one step, not two.
    threshold += step;
    e = await updateAfter(w, 2n * interval);
    expect([e.ltv, e.threshold]).to.deep.equal([ltvOf(threshold), threshold]);
    expect(await config(w)).to.deep.equal({ ltv: ltvOf(threshold), threshold });
  });

  it("caps the threshold at (1 - 1e-18) / (1 + bonus) when the bound is an exact division", async () => {
    const w = await loadFixture(world);
    // The market's bonus raised to 25% (1 / 1.25 = 0.8 exactly) with its threshold lowered to 79.5% at once; the
    // controller's calm target stays 80%.
    const [admin] = await ethers.getSigners();
    await w.pool.grantRole(RISK_ROLE, admin.address);
    const c = await w.pool.collateralConfig(w.weth);
    const lowered = {
      feed: c.feed,
      maxPriceAge: c.maxPriceAge,
      ltv: pct(70n),
      liquidationThreshold: pct(79n) + pct(1n) / 2n,
      liquidationBonusBps: 2_500,
      supplyCap: c.supplyCap,
    };
    await w.pool.setCollateralConfigWithRamp(w.weth, lowered, 0);
    const cap = pct(80n) - 1n;
    const e = await updateAfter(w, BigInt(PARAMS.minUpdateInterval));
    expect([e.thresholdTarget, e.threshold]).to.deep.equal([cap, cap]);
    expect(e.ltv).to.equal(divDown(cap * PARAMS.baseLtv, PARAMS.baseThreshold));
    expect(await config(w)).to.deep.equal({ ltv: e.ltv, threshold: cap });
  });

  it("applies an LTV change alone, and leaves the market untouched when nothing changes", async () => {
    const w = await loadFixture(world);
    await w.controller.setParams({ ...PARAMS, baseLtv: pct(70n) });
    await time.increase(3600);
    await expect(w.controller.update()).to.emit(w.pool, "CollateralConfigUpdated");
    expect(await config(w)).to.deep.equal({ ltv: pct(70n), threshold: pct(80n) });
    expect((await w.pool.thresholdRamp(w.weth)).target).to.equal(pct(80n));
    await time.increase(3600);
    await expect(w.controller.update()).not.to.emit(w.pool, "CollateralConfigUpdated");
    expect(await config(w)).to.deep.equal({ ltv: pct(70n), threshold: pct(80n) });
  });

  it("minUpdateInterval 0: a cut ramps over one second, a raise takes a full step at once but none within a block", async () => {
    const w = await loadFixture(world);
    const step = PARAMS.maxThresholdStep;
    await w.controller.setParams({ ...PARAMS, minUpdateInterval: 0 });
    // A +50% round: the targets fall to the floors; the cut is one step, phased in over one second.
    await time.increase(60);
    await w.ethFeed.setAnswer(FEED(3000));
    await w.controller.update();
    const t = BigInt(await time.latest());
    expect(await ramp(w)).to.deep.equal({ target: pct(80n) - step, from: pct(80n), end: t + 1n, duration: 1n });
    await time.increase(1);
    expect((await config(w)).threshold).to.equal(pct(80n) - step);
    await w.controller.update(); // a second step down, landed a second later
    await time.increase(1);
    expect((await config(w)).threshold).to.equal(pct(80n) - 2n * step);
    // Calm again, the targets at base: the next update raises by a full step at once, a second one in the same
    // block by nothing.
    await w.controller.setParams({ ...PARAMS, minUpdateInterval: 0, volSensitivity: 0n });
    expect(await inOneBlock([(o) => w.controller.update(o), (o) => w.controller.update(o)])).to.deep.equal([1, 1]);
    expect((await config(w)).threshold).to.equal(pct(80n) - step);
  });

  it("an LTV that would round to 0 under a threshold of a few wei is set to 1 wei (the market refuses 0)", async () => {
    const w = await loadFixture(world);
    // Floors of 1 and 2 wei, LTV/threshold 0.3 / 0.8: at a threshold of 2 wei, 2 x 0.3 / 0.8 rounds to 0.
    const p = {
      ...PARAMS,
      baseLtv: pct(30n),
      minLtv: 1n,
      minThreshold: 2n,
      volSensitivity: 18n * WAD,
      maxThresholdStep: WAD / 10n,
      minUpdateInterval: 0,
    };
    await w.controller.setParams(p);
    await time.increase(60);
    await w.ethFeed.setAnswer(FEED(3000)); // sigma 0.158: 18 x sigma > 1, every target at its floor
    for (let i = 0; i < 9; i++) {
      await time.increase(1);
      await w.controller.update();
    }
    await time.increase(1);
    expect(await w.controller.targets()).to.deep.equal([1n, 2n]);
    expect(await config(w)).to.deep.equal({ ltv: 1n, threshold: 2n });
  });
});
