import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { RISK_ROLE, WAD } from "./fixtures";
import { PARAMS, pct, world } from "./dynamicRiskWorld";
import type { DynamicRiskWorld } from "./dynamicRiskWorld";

type Params = typeof PARAMS;

const DAY = 86_400;
const MAX_THRESHOLD_STEP = WAD / 10n;
const MAX_VOL_SENSITIVITY = 18n * WAD;
const MAX_UPDATE_INTERVAL = 7 * DAY;
const MAX_DEPTH_WINDOW = 30 * DAY;

/** The parameters are accepted and stored as given. */
async function accepted(w: DynamicRiskWorld, p: Params) {
  await expect(w.controller.setParams(p)).to.emit(w.controller, "ParamsUpdated");
  const stored = await w.controller.params();
  const keys = Object.keys(p) as Array<keyof Params>;
  expect(Object.fromEntries(keys.map((k) => [k, stored[k]]))).to.deep.equal(
    Object.fromEntries(keys.map((k) => [k, BigInt(p[k])])),
  );
}

function ltvBounds(w: DynamicRiskWorld, p: Params) {
  return expect(w.controller.setParams(p))
    .to.be.revertedWithCustomError(w.controller, "InvalidLtvBounds")
    .withArgs(p.minLtv, p.baseLtv, p.maxLtv);
}

function thresholdBounds(w: DynamicRiskWorld, p: Params, bonus = 500n) {
  return expect(w.controller.setParams(p))
    .to.be.revertedWithCustomError(w.controller, "InvalidThresholdBounds")
    .withArgs(p.minThreshold, p.baseThreshold, p.maxThreshold, bonus);
}

function modelParams(w: DynamicRiskWorld, p: Params) {
  return expect(w.controller.setParams(p))
    .to.be.revertedWithCustomError(w.controller, "InvalidModelParams")
    .withArgs(p.ewmaLambda, p.volSensitivity, p.maxThresholdStep, p.minUpdateInterval);
}

/** Each bound of setParams at the bound (accepted) and one past it (refused with the exact error and values). */
describe("DynamicRiskController: parameter bounds", () => {
  it("refuses a zero admin, market or asset at construction, each on its own", async () => {
    const w = await loadFixture(world);
    const [admin] = await ethers.getSigners();
    const factory = await ethers.getContractFactory("DynamicRiskController");
    const market = await w.pool.getAddress();
    const amm = await w.deep.getAddress();
    for (const [a, m, asset] of [
      [ethers.ZeroAddress, market, w.weth],
      [admin.address, ethers.ZeroAddress, w.weth],
      [admin.address, market, ethers.ZeroAddress],
    ]) {
      await expect(factory.deploy(a, m, asset, amm, PARAMS)).to.be.revertedWithCustomError(factory, "ZeroAddress");
    }
    const ok = await factory.deploy(admin.address, market, w.weth, amm, PARAMS);
    expect(await ok.market()).to.equal(market);
    expect(await ok.asset()).to.equal(w.weth);
  });

  it("LTV bounds: 0 < minLtv <= baseLtv <= maxLtv, equalities accepted", async () => {
    const w = await loadFixture(world);
    await ltvBounds(w, { ...PARAMS, minLtv: 0n });
    // minLtv = baseLtv (with the floors raised so that the LTV stays below each threshold) is accepted; one above is not.
    const flat = { ...PARAMS, minLtv: pct(75n), minThreshold: pct(80n) };
    await accepted(w, flat);
    await ltvBounds(w, { ...flat, minLtv: pct(75n) + 1n });
    // baseLtv = maxLtv is accepted; maxLtv one below it is not.
    await accepted(w, { ...PARAMS, maxLtv: pct(75n) });
    await ltvBounds(w, { ...PARAMS, maxLtv: pct(75n) - 1n });
  });

  it("threshold bounds: minThreshold <= baseThreshold <= maxThreshold, equalities accepted", async () => {
    const w = await loadFixture(world);
    await accepted(w, { ...PARAMS, minThreshold: pct(80n) });
    await thresholdBounds(w, { ...PARAMS, minThreshold: pct(80n) + 1n });
    const capped = { ...PARAMS, maxLtv: pct(79n), maxThreshold: pct(80n) };
    await accepted(w, capped);
    await thresholdBounds(w, { ...capped, baseThreshold: pct(80n) + 1n });
  });

  it("maxThreshold x (1 + bonus) < 1: the exact product 1 is refused, one wei below accepted", async () => {
    const w = await loadFixture(world);
    // A 25% bonus makes the bound an exact division: 1 / 1.25 = 0.8. The market's threshold is lowered at once
    // first (80% x 1.25 = 1 would break the market's own bound).
    const [admin] = await ethers.getSigners();
    await w.pool.grantRole(RISK_ROLE, admin.address);
    const c = await w.pool.collateralConfig(w.weth);
    await w.pool.setCollateralConfigWithRamp(
      w.weth,
      {
        feed: c.feed,
        maxPriceAge: c.maxPriceAge,
        ltv: pct(70n),
        liquidationThreshold: pct(75n),
        liquidationBonusBps: 2_500,
        supplyCap: c.supplyCap,
      },
      0,
    );
    const p = { ...PARAMS, baseThreshold: pct(79n), maxLtv: pct(79n), maxThreshold: pct(80n) };
    await thresholdBounds(w, p, 2_500n);
    await accepted(w, { ...p, maxThreshold: pct(80n) - 1n });
  });

  it("each LTV strictly below its threshold: equal refused with both values, one below accepted", async () => {
    const w = await loadFixture(world);
    for (const [ltv, threshold] of [
      ["minLtv", "minThreshold"],
      ["baseLtv", "baseThreshold"],
      ["maxLtv", "maxThreshold"],
    ] as const) {
      const t = PARAMS[threshold];
      await expect(w.controller.setParams({ ...PARAMS, [ltv]: t, ...(ltv === "baseLtv" ? { maxLtv: t } : {}) }))
        .to.be.revertedWithCustomError(w.controller, "LtvNotBelowThreshold")
        .withArgs(t, t);
      await accepted(w, { ...PARAMS, [ltv]: t - 1n, ...(ltv === "baseLtv" ? { maxLtv: t - 1n } : {}) });
    }
  });

  it("model bounds: lambda < 1, sensitivity <= 18, 0 < step <= 0.1, interval <= 7 days, each on its own", async () => {
    const w = await loadFixture(world);
    expect(await w.controller.MAX_THRESHOLD_STEP()).to.equal(MAX_THRESHOLD_STEP);
    expect(await w.controller.MAX_VOL_SENSITIVITY()).to.equal(MAX_VOL_SENSITIVITY);
    expect(await w.controller.MAX_UPDATE_INTERVAL()).to.equal(MAX_UPDATE_INTERVAL);
    await accepted(w, { ...PARAMS, ewmaLambda: WAD - 1n });
    await modelParams(w, { ...PARAMS, ewmaLambda: WAD });
    // The sensitivity's bound used to be 100e18, above what its uint64 field holds (about 18.4e18): the check could
    // never refuse anything. Now the bound is reachable: 18e18 accepted, one wei more refused.
    await accepted(w, { ...PARAMS, volSensitivity: MAX_VOL_SENSITIVITY });
    await modelParams(w, { ...PARAMS, volSensitivity: MAX_VOL_SENSITIVITY + 1n });
    await modelParams(w, { ...PARAMS, maxThresholdStep: 0n });
    await accepted(w, { ...PARAMS, maxThresholdStep: MAX_THRESHOLD_STEP });
    await modelParams(w, { ...PARAMS, maxThresholdStep: MAX_THRESHOLD_STEP + 1n });
    await accepted(w, { ...PARAMS, minUpdateInterval: MAX_UPDATE_INTERVAL });
    await modelParams(w, { ...PARAMS, minUpdateInterval: MAX_UPDATE_INTERVAL + 1 });
    await accepted(w, { ...PARAMS, minUpdateInterval: 0 });
  });

  it("depth window: 0 < depthWindow <= 30 days", async () => {
    const w = await loadFixture(world);
    expect(await w.controller.MAX_DEPTH_WINDOW()).to.equal(MAX_DEPTH_WINDOW);
    for (const depthWindow of [0, MAX_DEPTH_WINDOW + 1]) {
      await expect(w.controller.setParams({ ...PARAMS, depthWindow }))
        .to.be.revertedWithCustomError(w.controller, "InvalidDepthWindow")
        .withArgs(depthWindow, MAX_DEPTH_WINDOW);
    }
    await accepted(w, { ...PARAMS, depthWindow: MAX_DEPTH_WINDOW });
    await accepted(w, { ...PARAMS, depthWindow: 1 });
  });
});
