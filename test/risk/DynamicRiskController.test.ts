import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { RISK_ROLE, USDC, ETH, FEED, WAD } from "./fixtures";
import { PARAMS, config, pct, pool, ramp, round, world } from "./dynamicRiskWorld";

describe("DynamicRiskController", () => {
  it("leaves calm, deep markets at the base ratios", async () => {
    const w = await loadFixture(world);
    await round(w, FEED(2000));
    expect(await config(w)).to.deep.equal({ ltv: pct(75n), threshold: pct(80n) });
    expect(await w.controller.variance()).to.equal(0n);
  });

  it("rising volatility lowers LTV at once; the market phases the threshold cut in over the interval", async () => {
    const w = await loadFixture(world);
    await expect(round(w, FEED(2100)))
      .to.emit(w.controller, "VolatilityObserved")
      .withArgs(FEED(2100), pct(5n), WAD / 4000n);
    // variance = 0.1 x 0.05^2 = 0.00025, sigma = 1.58%, factor = 1 - 5 x sigma = 0.9209
    const [ltvTarget, thresholdTarget] = await w.controller.targets();
    expect(thresholdTarget).to.be.lessThan(pct(74n));
    let c = await config(w);
    const t0 = BigInt(await time.latest());
    // One step, as a ramp from the threshold in force (80%, unchanged in the update's block) over the interval.
    expect(await ramp(w)).to.deep.equal({ target: pct(79n), from: pct(80n), end: t0 + 3600n, duration: 3600n });
    expect(c.threshold).to.equal(pct(80n));
    expect(c.ltv).to.equal(ltvTarget); // at once
    // Another round 60 s later: the market has phased in 62/3600 of the step (the 60 s wait, the feed's block and
    // the update's own block); the update restarts the ramp from there, one step below, over the interval.
    await round(w, FEED(2000), 60);
    c = await config(w);
    const t1 = BigInt(await time.latest());
    expect(t1 - t0).to.equal(62n);
    const inForce = pct(80n) - (PARAMS.maxThresholdStep * 62n + 3599n) / 3600n; // rounds down: the cut rounds up
    expect(c.threshold).to.equal(inForce);
    expect(await ramp(w)).to.deep.equal({
      target: inForce - PARAMS.maxThresholdStep,
      from: inForce,
      end: t1 + 3600n,
      duration: 3600n,
    });
    expect(c.ltv).to.equal((await w.controller.targets())[0]);
    // Next hour: the ramp has landed (one step below), and the update starts the next step.
    await round(w, FEED(2100));
    expect((await config(w)).threshold).to.equal(inForce - PARAMS.maxThresholdStep);
    expect((await ramp(w)).target).to.equal(inForce - 2n * PARAMS.maxThresholdStep);
  });

  it("thin AMM liquidity against the market's debt lowers the targets", async () => {
    const w = await loadFixture(world);
    await w.controller.setAmm(await w.thin.getAddress());
    // depth 3,750 / debt 15,000 = 0.25, half the 0.5 target: factor 0.5 -> LTV 37.5% floored at 40%. The admin's
    // setAmm restarts the average at the spot ratio.
    expect(await w.controller.spotDepthRatio()).to.equal(pct(25n));
    expect(await w.controller.depthRatio()).to.equal(pct(25n));
    expect(await w.controller.targets()).to.deep.equal([pct(40n), pct(50n)]);
    await round(w, FEED(2000));
    expect(await config(w)).to.deep.equal({ ltv: pct(40n), threshold: pct(80n) }); // the cut starts next block
    expect((await ramp(w)).target).to.equal(pct(79n));
  });

  it("respects the bounds, and never leaves LTV at or above the threshold in force", async () => {
    const w = await loadFixture(world);
    for (let i = 0; i < 40; i++) {
      await round(w, i % 2 === 0 ? FEED(3000) : FEED(2000));
      const c = await config(w);
      expect(c.ltv).to.be.lessThan(c.threshold);
      expect(c.ltv).to.be.gte(PARAMS.minLtv);
      expect(c.threshold).to.be.gte(PARAMS.minThreshold);
    }
    expect(await config(w)).to.deep.equal({ ltv: pct(40n), threshold: pct(50n) });
    // Calm returns: volatility decays, ratios climb back, the threshold one step an hour, never above base.
    for (let i = 0; i < 80; i++) await round(w, FEED(2000));
    const c = await config(w);
    const [ltvTarget, thresholdTarget] = await w.controller.targets();
    expect(c.threshold).to.equal(thresholdTarget); // climbed from 50% back to its target, one point an hour
    expect(c.threshold).to.be.greaterThan(pct(75n)).and.lte(pct(80n));
    expect(c.ltv).to.equal(ltvTarget);
  });

  it("one update does not make a position liquidatable beyond the step", async () => {
    const w = await loadFixture(world);
    // A violent round trip (+50% then back): the targets fall to the floors at once.
    await round(w, FEED(3000));
    await round(w, FEED(2000), 60);
    expect((await w.controller.targets())[1]).to.equal(pct(50n));
    // The borrower opened at the LTV limit (health 20,000 x 0.80 / 15,000 = 1.067); 62 s into the first step's
    // ramp (see above) it is 1.066, and the second update's step only starts there.
    const { threshold } = await config(w);
    expect(threshold).to.equal(pct(80n) - (PARAMS.maxThresholdStep * 62n + 3599n) / 3600n);
    // (the pool rounds the collateral's weighted value down first: equal to 1e-10)
    expect(await w.pool.healthFactor(w.borrower.address)).to.be.closeTo(
      (USDC(20_000) * threshold) / USDC(15_000),
      10n ** 8n,
    );
    await expect(
      w.pool.liquidate(w.borrower.address, w.weth, USDC(1_000), w.borrower.address, 0),
    ).to.be.revertedWithCustomError(w.pool, "NotLiquidatable");
    // New borrowing is stopped at once: the LTV is at its floor.
    await expect(w.pool.connect(w.borrower).borrow(USDC(1), w.borrower.address, w.borrower.address))
      .to.be.revertedWithCustomError(w.pool, "BorrowLimitExceeded")
      .withArgs(USDC(15_000) + USDC(1), USDC(8_000));
  });

  it("checks parameters with errors that carry them", async () => {
    const w = await loadFixture(world);
    await expect(w.controller.setParams({ ...PARAMS, minLtv: 0n }))
      .to.be.revertedWithCustomError(w.controller, "InvalidLtvBounds")
      .withArgs(0n, PARAMS.baseLtv, PARAMS.maxLtv);
    // 96% x (1 + 5% bonus) >= 1
    await expect(w.controller.setParams({ ...PARAMS, maxThreshold: pct(96n) }))
      .to.be.revertedWithCustomError(w.controller, "InvalidThresholdBounds")
      .withArgs(PARAMS.minThreshold, PARAMS.baseThreshold, pct(96n), 500);
    await expect(w.controller.setParams({ ...PARAMS, minLtv: pct(50n), baseLtv: pct(75n) }))
      .to.be.revertedWithCustomError(w.controller, "LtvNotBelowThreshold")
      .withArgs(pct(50n), pct(50n));
    await expect(w.controller.setParams({ ...PARAMS, ewmaLambda: WAD }))
      .to.be.revertedWithCustomError(w.controller, "InvalidModelParams")
      .withArgs(WAD, PARAMS.volSensitivity, PARAMS.maxThresholdStep, PARAMS.minUpdateInterval);
    await expect(w.controller.setParams({ ...PARAMS, maxThresholdStep: 0n })).to.be.revertedWithCustomError(
      w.controller,
      "InvalidModelParams",
    );
    const other = await ethers.deployContract("MockERC20", ["X", "X", 18]);
    const foreign = await pool(await other.getAddress(), w.weth, ETH(1), ETH(1));
    await expect(w.controller.setAmm(await foreign.getAddress()))
      .to.be.revertedWithCustomError(w.controller, "AmmWithoutDebtAsset")
      .withArgs(await foreign.getAddress(), await w.usdc.getAddress());
    await w.ethFeed.setAnswer(0);
    await expect(w.controller.update())
      .to.be.revertedWithCustomError(w.controller, "InvalidPrice")
      .withArgs(await w.ethFeed.getAddress(), 0);
  });

  it("only the admin sets parameters; without RISK_ROLE the market refuses the update", async () => {
    const w = await loadFixture(world);
    await expect(w.controller.connect(w.stranger).setParams(PARAMS))
      .to.be.revertedWithCustomError(w.controller, "AccessControlUnauthorizedAccount")
      .withArgs(w.stranger.address, ethers.ZeroHash);
    await expect(w.controller.connect(w.stranger).setAmm(ethers.ZeroAddress))
      .to.be.revertedWithCustomError(w.controller, "AccessControlUnauthorizedAccount")
      .withArgs(w.stranger.address, ethers.ZeroHash);
    const controller = await w.controller.getAddress();
    await w.pool.revokeRole(RISK_ROLE, controller);
    await time.increase(3600);
    await w.ethFeed.setAnswer(FEED(2500));
    await expect(w.controller.connect(w.stranger).update())
      .to.be.revertedWithCustomError(w.pool, "AccessControlUnauthorizedAccount")
      .withArgs(controller, RISK_ROLE);
  });
});
