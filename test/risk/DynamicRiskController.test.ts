import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarketNoInterest, openPosition } from "../lending/fixtures";
import { RISK_ROLE, USDC, ETH, FEED, WAD } from "./fixtures";

const pct = (n: bigint) => (WAD * n) / 100n;
/** Defaults used in tests: calm 75%/80%, floors 40%/50%, 1 point per hour. */
const PARAMS = {
  baseLtv: pct(75n),
  baseThreshold: pct(80n),
  minLtv: pct(40n),
  maxLtv: pct(80n),
  minThreshold: pct(50n),
  maxThreshold: pct(85n),
  ewmaLambda: pct(90n),
  volSensitivity: 5n * WAD,
  targetDepthRatio: pct(50n),
  maxThresholdStep: pct(1n),
  minUpdateInterval: 3600,
};

async function pool(usdc: string, weth: string, usdcReserve: bigint, wethReserve: bigint) {
  const amm = await ethers.deployContract("ConstantProductPool", [weth, usdc, 30, "LP", "LP"]);
  const [admin] = await ethers.getSigners();
  const u = await ethers.getContractAt("MockERC20", usdc);
  const w = await ethers.getContractAt("MockERC20", weth);
  await u.mint(await amm.getAddress(), usdcReserve);
  await w.mint(await amm.getAddress(), wethReserve);
  await amm.mint(admin.address);
  return amm;
}

/** No-interest market (ETH 75%/80%, bonus 5%), a borrower with 10 ETH and 15,000 USDC, a deep AMM (2M USDC). */
async function world() {
  const m = await deployMarketNoInterest();
  const [admin, , borrower, , , , stranger] = m.signers;
  const usdc = await m.usdc.getAddress();
  const weth = await m.weth.getAddress();
  const deep = await pool(usdc, weth, USDC(2_000_000), ETH(1_000));
  const thin = await pool(usdc, weth, USDC(5_000), ETH(2n) + ETH(1n) / 2n);
  const controller = await ethers.deployContract("DynamicRiskController", [
    admin.address,
    await m.pool.getAddress(),
    weth,
    await deep.getAddress(),
    PARAMS,
  ]);
  await m.pool.grantRole(RISK_ROLE, await controller.getAddress());
  await openPosition(m, borrower, { weth: ETH(10) }, USDC(15_000));
  await controller.update(); // records the first price
  return { ...m, controller, deep, thin, borrower, stranger, weth };
}

/** A new oracle round at `answer`, one hour later, then an update. */
async function round(w: Awaited<ReturnType<typeof world>>, answer: bigint, wait = 3600) {
  await time.increase(wait);
  await w.ethFeed.setAnswer(answer);
  return w.controller.update();
}

async function config(w: Awaited<ReturnType<typeof world>>) {
  const c = await w.pool.collateralConfig(w.weth);
  return { ltv: c.ltv, threshold: c.liquidationThreshold };
}

describe("DynamicRiskController", () => {
  it("leaves calm, deep markets at the base ratios", async () => {
    const w = await loadFixture(world);
    await round(w, FEED(2000));
    expect(await config(w)).to.deep.equal({ ltv: pct(75n), threshold: pct(80n) });
    expect(await w.controller.variance()).to.equal(0n);
  });

  it("rising volatility lowers LTV at once and the threshold by one step per interval", async () => {
    const w = await loadFixture(world);
    await expect(round(w, FEED(2100)))
      .to.emit(w.controller, "VolatilityObserved")
      .withArgs(FEED(2100), pct(5n), WAD / 4000n);
    // variance = 0.1 x 0.05^2 = 0.00025, sigma = 1.58%, factor = 1 - 5 x sigma = 0.9209
    const [ltvTarget, thresholdTarget] = await w.controller.targets();
    expect(thresholdTarget).to.be.lessThan(pct(74n));
    let c = await config(w);
    expect(c.threshold).to.equal(pct(79n)); // one step
    expect(c.ltv).to.equal(ltvTarget); // at once
    // Another round within the interval: the threshold stays, LTV follows its target.
    await round(w, FEED(2000), 60);
    c = await config(w);
    expect(c.threshold).to.equal(pct(79n));
    expect(c.ltv).to.equal((await w.controller.targets())[0]);
    // Next hour: one more step.
    await round(w, FEED(2100));
    expect((await config(w)).threshold).to.equal(pct(78n));
  });

  it("thin AMM liquidity against the collateral lowers the targets", async () => {
    const w = await loadFixture(world);
    await w.controller.setAmm(await w.thin.getAddress());
    // depth 5,000 / collateral 20,000 = 0.25, half the 0.5 target: factor 0.5 -> LTV 37.5% floored at 40%.
    expect(await w.controller.depthRatio()).to.equal(pct(25n));
    expect(await w.controller.targets()).to.deep.equal([pct(40n), pct(50n)]);
    await round(w, FEED(2000));
    expect(await config(w)).to.deep.equal({ ltv: pct(40n), threshold: pct(79n) });
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
    // The borrower opened at the LTV limit (health 20,000 x 0.80 / 15,000 = 1.067); after one step it is 1.053.
    expect(await w.pool.healthFactor(w.borrower.address)).to.equal((USDC(20_000) * pct(79n)) / USDC(15_000));
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
