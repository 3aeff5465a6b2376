import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { USDC, ETH, FEED, WAD } from "./fixtures";
import { PARAMS, applied, pct, world } from "./dynamicRiskWorld";
import type { DynamicRiskWorld } from "./dynamicRiskWorld";
import { divDown } from "../helpers/lendingMath";
import { foldedDepth, targetsOf } from "../helpers/dynamicRiskMath";

const WINDOW = BigInt(PARAMS.depthWindow);

async function depthState(w: DynamicRiskWorld) {
  const d = await w.controller.depthState();
  return { average: d.average, sample: d.sample, sampledAt: d.sampledAt };
}

/** update() mined exactly `seconds` after the previous depth sample. */
async function updateAfter(w: DynamicRiskWorld, seconds: bigint) {
  await time.setNextBlockTimestamp((await w.controller.depthState()).sampledAt + seconds);
  return applied(w, w.controller.update());
}

/** The controller on the thin AMM (3,750 USDC against 15,000 of debt: spot ratio 0.25), its average restarted there. */
async function thinWorld() {
  const w = await world();
  await w.controller.setAmm(await w.thin.getAddress());
  return w;
}

describe("DynamicRiskController: the depth input, exact to the wei", () => {
  it("a rise of the sample lifts the average by its held share, rounded down; a fall lowers it, rounded up", async () => {
    const w = await loadFixture(thinWorld);
    expect(await depthState(w)).to.include({ average: pct(25n), sample: pct(25n) });
    // The AMM's USDC reserve grows to 5,000: the spot ratio becomes 1/3 (rounded down). Both blocks pinned 1 and 2 s
    // after the sample (automined at wall-clock time, a slow instrumented run could pass the update's timestamp).
    const t0 = (await w.controller.depthState()).sampledAt;
    await time.setNextBlockTimestamp(t0 + 1n);
    await w.usdc.mint(await w.thin.getAddress(), USDC(1_250));
    await time.setNextBlockTimestamp(t0 + 2n);
    await w.thin.sync();
    const third = divDown(USDC(5_000) * WAD, USDC(15_000));
    let e = await updateAfter(w, 10n); // folds the old sample (= the average), takes 1/3
    expect(e.depth).to.equal(pct(25n));
    expect((await depthState(w)).sample).to.equal(third);

    // 1,001 s later the 1/3 sample has held 1,001 / 21,600 of the window: the share has a remainder.
    const risen = foldedDepth(pct(25n), third, 1001n, WINDOW);
    expect(((third - pct(25n)) * 1001n) % WINDOW).to.not.equal(0n);
    e = await updateAfter(w, 1001n);
    expect(e.depth).to.equal(risen);
    expect(e.depth).to.be.greaterThan(pct(25n)).and.lessThan(third);
    // The targets use it: factor depth / target (0.5), rounded down, then the base ratios.
    expect([e.ltvTarget, e.thresholdTarget]).to.deep.equal(targetsOf(PARAMS, 0n, risen));

    // A second borrower takes 5,000 more: the spot ratio falls to 5,000 / 20,000 = 0.25.
    const second = w.signers[9];
    const weth = await ethers.getContractAt("MockERC20", w.weth);
    await weth.mint(second.address, ETH(10));
    await weth.connect(second).approve(await w.pool.getAddress(), ethers.MaxUint256);
    await w.ethFeed.setAnswer(FEED(2000)); // a fresh round at the same price (the market refuses stale prices)
    await w.pool.connect(second).depositCollateral(w.weth, ETH(10), second.address);
    await w.pool.connect(second).borrow(USDC(5_000), second.address, second.address);
    const held = 600n;
    const peak = foldedDepth(risen, third, held, WINDOW);
    e = await updateAfter(w, held); // folds the 1/3 sample held 600 s, takes 0.25
    expect(e.depth).to.equal(peak);
    expect((await depthState(w)).sample).to.equal(pct(25n));

    const fallen = foldedDepth(peak, pct(25n), 777n, WINDOW);
    expect(((peak - pct(25n)) * 777n) % WINDOW).to.not.equal(0n);
    e = await updateAfter(w, 777n);
    expect(e.depth).to.equal(fallen);
    expect(e.depth).to.be.lessThan(peak).and.greaterThan(pct(25n));
  });

  it("the depth factor divides with a remainder: rounded down", async () => {
    const w = await loadFixture(thinWorld);
    // Target 0.6 (the admin's new target restarts the average at the spot ratio, 0.25); floors low enough that the
    // targets are not clamped: factor = 0.25 / 0.6 = 0.41666..., rounded down.
    const p = { ...PARAMS, minLtv: pct(10n), minThreshold: pct(20n), targetDepthRatio: pct(60n) };
    await w.controller.setParams(p);
    expect(await w.controller.depthRatio()).to.equal(pct(25n));
    const factor = divDown(WAD * pct(25n), pct(60n));
    const expected = [divDown(p.baseLtv * factor, WAD), divDown(p.baseThreshold * factor, WAD)];
    expect(targetsOf(p, 0n, pct(25n))).to.deep.equal(expected);
    expect(await w.controller.targets()).to.deep.equal(expected);
    const e = await updateAfter(w, 60n);
    expect([e.ltvTarget, e.thresholdTarget, e.depth]).to.deep.equal([...expected, pct(25n)]);
  });

  it("a zero depth target switches the depth factor off, whatever the AMM holds", async () => {
    const w = await loadFixture(thinWorld);
    const p = { ...PARAMS, targetDepthRatio: 0n };
    await w.controller.setParams(p);
    expect(await w.controller.targets()).to.deep.equal([PARAMS.baseLtv, PARAMS.baseThreshold]);
    const e = await updateAfter(w, 60n);
    expect(e).to.deep.equal({
      ltv: PARAMS.baseLtv,
      threshold: PARAMS.baseThreshold,
      ltvTarget: PARAMS.baseLtv,
      thresholdTarget: PARAMS.baseThreshold,
      sigma: 0n,
      depth: 0n, // samples are capped at the target
    });
  });

  it("a new depth target restarts the average at the spot ratio; other parameter changes leave it alone", async () => {
    const w = await loadFixture(thinWorld);
    // The two set-up blocks pinned 1 and 2 s after the sample: automined at wall-clock time, a slow (instrumented)
    // run could pass the update's timestamp below.
    const t0 = (await w.controller.depthState()).sampledAt;
    await time.setNextBlockTimestamp(t0 + 1n);
    await w.usdc.mint(await w.thin.getAddress(), USDC(1_250));
    await time.setNextBlockTimestamp(t0 + 2n);
    await w.thin.sync();
    await updateAfter(w, 10n); // sample 1/3, average 0.25
    const before = await depthState(w);
    await w.controller.setParams({ ...PARAMS, maxThresholdStep: pct(2n), ewmaLambda: pct(94n) });
    expect(await depthState(w)).to.deep.equal(before);
    await w.controller.setParams({ ...PARAMS, targetDepthRatio: pct(30n) });
    const now = BigInt(await time.latest());
    // Restarted at the spot ratio 1/3, capped at the new target.
    expect(await depthState(w)).to.deep.equal({ average: pct(30n), sample: pct(30n), sampledAt: now });
  });

  it("without an AMM the depth factor is off: every depth reads max uint and the targets are the base ratios", async () => {
    const w = await loadFixture(thinWorld);
    await expect(w.controller.setAmm(ethers.ZeroAddress))
      .to.emit(w.controller, "AmmUpdated")
      .withArgs(ethers.ZeroAddress);
    expect(await w.controller.depthRatio()).to.equal(ethers.MaxUint256);
    expect(await w.controller.spotDepthRatio()).to.equal(ethers.MaxUint256);
    expect(await w.controller.targets()).to.deep.equal([PARAMS.baseLtv, PARAMS.baseThreshold]);
    const e = await updateAfter(w, 60n);
    expect(e.depth).to.equal(ethers.MaxUint256);
    expect([e.ltvTarget, e.thresholdTarget]).to.deep.equal([PARAMS.baseLtv, PARAMS.baseThreshold]);
  });
});
