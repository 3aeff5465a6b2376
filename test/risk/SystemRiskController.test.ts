import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { WAD } from "../lending/fixtures";
import { MAX_AGE, PARAMS, systemRiskWorld } from "./SystemRisk.fixtures";

type World = Awaited<ReturnType<typeof systemRiskWorld>>;

/** Submits a reading observed now: share at risk `atRisk / 100`, aggregate leverage `leverage`. */
async function reading(w: World, atRisk: bigint, leverage: bigint) {
  const t = BigInt(await time.latest()) + 1n;
  await time.setNextBlockTimestamp(t);
  await w.feed.connect(w.updater).submit(leverage, atRisk, 100n * WAD, t);
}

const CUT_LTV = (PARAMS.baseLtv * 9_000n) / 10_000n;
const CUT_THRESHOLD = (PARAMS.baseThreshold * 9_000n) / 10_000n;
const CALM_LEVERAGE = WAD / 2n;

describe("risk/SystemRiskController", () => {
  const fixture = () => systemRiskWorld();

  it("keeps base parameters while the system is calm and writes nothing", async () => {
    const w = await loadFixture(fixture);
    await reading(w, 19n * WAD, CALM_LEVERAGE);
    expect(await w.controller.stressed()).to.deep.equal([false, true]);
    await expect(w.controller.update())
      .to.emit(w.controller, "SystemRiskApplied")
      .withArgs(false, true, PARAMS.baseLtv, PARAMS.baseThreshold)
      .and.not.to.emit(w.pool, "CollateralConfigUpdated");
  });

  it("cuts LTV and threshold by cutBps once the share at risk reaches its trigger, the threshold over the ramp", async () => {
    const w = await loadFixture(fixture);
    await reading(w, 20n * WAD, CALM_LEVERAGE);
    expect(await w.controller.targets()).to.deep.equal([CUT_LTV, CUT_THRESHOLD]);
    await expect(w.controller.update())
      .to.emit(w.controller, "SystemRiskApplied")
      .withArgs(true, true, CUT_LTV, CUT_THRESHOLD);
    const weth = await w.weth.getAddress();
    const ramp = await w.pool.thresholdRamp(weth);
    expect(ramp.target).to.equal(CUT_THRESHOLD);
    expect(ramp.end).to.equal(BigInt(await time.latest()) + BigInt(PARAMS.rampDuration));
    expect((await w.pool.collateralConfig(weth)).ltv).to.equal(CUT_LTV);
    // A second update toward the same end leaves the ramp running.
    await expect(w.controller.update()).not.to.emit(w.pool, "CollateralConfigUpdated");
    await time.increase(PARAMS.rampDuration);
    expect((await w.pool.collateralConfig(weth)).liquidationThreshold).to.equal(CUT_THRESHOLD);
  });

  it("tightens on aggregate leverage at its trigger, not just below it", async () => {
    const w = await loadFixture(fixture);
    await reading(w, 0n, PARAMS.leverageTrigger - 1n);
    expect((await w.controller.stressed())[0]).to.equal(false);
    await reading(w, 0n, PARAMS.leverageTrigger);
    expect((await w.controller.stressed())[0]).to.equal(true);
  });

  it("a zero trigger switches its input off", async () => {
    const w = await systemRiskWorld({ atRiskShareTrigger: 0n, leverageTrigger: 0n });
    await reading(w, 100n * WAD, 10n * WAD);
    expect(await w.controller.stressed()).to.deep.equal([false, true]);
  });

  it("returns to base at once when the system calms", async () => {
    const w = await loadFixture(fixture);
    await reading(w, 50n * WAD, CALM_LEVERAGE);
    await w.controller.update();
    await reading(w, 0n, CALM_LEVERAGE);
    await w.controller.update();
    const c = await w.pool.collateralConfig(await w.weth.getAddress());
    expect(c.ltv).to.equal(PARAMS.baseLtv);
    expect(c.liquidationThreshold).to.equal(PARAMS.baseThreshold);
  });

  it("a stale or missing reading counts as calm, or as stressed with tightenWhenStale", async () => {
    const calm = await loadFixture(fixture);
    expect(await calm.controller.stressed()).to.deep.equal([false, false]);
    await reading(calm, 50n * WAD, CALM_LEVERAGE);
    await time.increase(MAX_AGE + 1n);
    expect(await calm.controller.stressed()).to.deep.equal([false, false]);
    expect(await calm.controller.targets()).to.deep.equal([PARAMS.baseLtv, PARAMS.baseThreshold]);

    const strict = await systemRiskWorld({ tightenWhenStale: true });
    expect(await strict.controller.stressed()).to.deep.equal([true, false]);
    await reading(strict, 0n, CALM_LEVERAGE);
    expect(await strict.controller.stressed()).to.deep.equal([false, true]);
    await time.increase(MAX_AGE + 1n);
    await expect(strict.controller.update())
      .to.emit(strict.controller, "SystemRiskApplied")
      .withArgs(true, false, CUT_LTV, CUT_THRESHOLD);
  });

  it("rounds cuts down and never to a zero LTV", async () => {
    const w = await systemRiskWorld({ baseLtv: 1n, baseThreshold: WAD / 2n + 1n, cutBps: 3_333 });
    await reading(w, 100n * WAD, CALM_LEVERAGE);
    expect(await w.controller.targets()).to.deep.equal([1n, ((WAD / 2n + 1n) * 6_667n) / 10_000n]);
    expect(await w.controller.params()).to.deep.equal([
      1n,
      WAD / 2n + 1n,
      3_333n,
      PARAMS.atRiskShareTrigger,
      PARAMS.leverageTrigger,
      BigInt(PARAMS.rampDuration),
      false,
    ]);
  });

  it("needs the market's RISK_ROLE to write", async () => {
    const w = await loadFixture(fixture);
    await w.pool.revokeRole(await w.pool.RISK_ROLE(), await w.controller.getAddress());
    await reading(w, 50n * WAD, CALM_LEVERAGE);
    await expect(w.controller.update()).to.be.revertedWithCustomError(w.pool, "AccessControlUnauthorizedAccount");
  });

  it("refuses invalid parameters and zero addresses", async () => {
    const w = await loadFixture(fixture);
    const f = await ethers.getContractFactory("SystemRiskController");
    const args = [await w.pool.getAddress(), await w.weth.getAddress(), await w.feed.getAddress()] as const;
    for (const bad of [
      { baseLtv: 0n },
      { baseLtv: PARAMS.baseThreshold },
      { baseThreshold: WAD, baseLtv: 1n },
      { cutBps: 10_000 },
      { rampDuration: 0 },
    ]) {
      await expect(f.deploy(...args, { ...PARAMS, ...bad })).to.be.revertedWithCustomError(
        w.controller,
        "InvalidParams",
      );
    }
    await expect(f.deploy(...args, { ...PARAMS, cutBps: 9_999 })).not.to.be.reverted;
    for (let i = 0; i < 3; i++) {
      const a: string[] = [...args];
      a[i] = ethers.ZeroAddress;
      await expect(f.deploy(a[0], a[1], a[2], PARAMS)).to.be.revertedWithCustomError(w.controller, "ZeroAddress");
    }
  });
});
