import { expect } from "chai";
import { ethers, network } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { RISK_ROLE, USDC, WAD } from "./fixtures";
import { PARAMS, config, ramp, world } from "./dynamicRiskWorld";
import type { DynamicRiskWorld } from "./dynamicRiskWorld";
import { thresholdAt } from "../helpers/lendingMath";

/**
 * The fuzzer's counterexample to `healthy-after-risk-update` (issue 15, F1): the controller used to move the
 * threshold linearly in time but hand the market the new value only when `update()` ran, so an update after an
 * idle interval landed the whole interval's cut at once and a position at health 1.0099 was liquidatable at 0.9934
 * in the update's own block. Reproduced here with the same figures: threshold 80%, one step of 1.307 points per
 * 600 s, the borrower's 10 ETH at 1,893.5625 against 15,000 USDC (health 10 x 1,893.5625 x 0.80 / 15,000 = 1.0099)
 * and 600 s without an update: the step lands 80% -> 78.693%, health 1.0099 x 78.693 / 80 = 0.9934.
 */
const STEP = 13_070_000_000_000_000n; // 1.307 points
const INTERVAL = 600;
const PRICE = 189_356_250_000n; // 1,893.5625 (8 decimals)
const HEALTH_BEFORE = 1_009_900_000_000_000_000n;
const CUT_TO = (80n * WAD) / 100n - STEP;

async function idleWorld() {
  const w = await world();
  await w.controller.setParams({ ...PARAMS, maxThresholdStep: STEP, minUpdateInterval: INTERVAL });
  await time.increase(INTERVAL);
  await w.ethFeed.setAnswer(PRICE); // a -5.3% round: the volatility target is far below one step
  const liquidator = await ethers.deployContract("CallThenLiquidate");
  await w.usdc.mint(await liquidator.getAddress(), USDC(100_000));
  return { ...w, liquidator };
}

type World = Awaited<ReturnType<typeof idleWorld>>;

/** update() and a liquidation of the borrower in one transaction. */
function updateThenLiquidate(w: World) {
  return w.liquidator
    .connect(w.stranger)
    .run(
      w.controller,
      w.controller.interface.encodeFunctionData("update"),
      w.pool,
      w.borrower.address,
      w.weth,
      USDC(5_000),
    );
}

/** The transactions, with automine off, mined together in one block. */
async function inOneBlock(sends: Array<() => Promise<ContractTransactionResponse>>) {
  await network.provider.send("evm_setAutomine", [false]);
  const sent: ContractTransactionResponse[] = [];
  try {
    for (const send of sends) sent.push(await send());
    await mine();
  } finally {
    await network.provider.send("evm_setAutomine", [true]);
  }
  const receipts = await Promise.all(sent.map((t) => t.wait().catch(() => null)));
  const blocks = await Promise.all(sent.map(async (t) => (await ethers.provider.getTransactionReceipt(t.hash))!));
  expect(new Set(blocks.map((r) => r.blockNumber)).size).to.equal(1);
  return blocks.map((r, i) => (receipts[i] ? r.status : 0));
}

async function healthOf(w: DynamicRiskWorld) {
  return w.pool.healthFactor(w.borrower.address);
}

describe("DynamicRiskController: a threshold cut is phased in by the market (issue 15, F1)", () => {
  it("the old shape: the step landed at once, bundled with a liquidation, takes a position at health 1.0099", async () => {
    // What update() used to do after 600 s idle: set the stepped threshold in the market at once. The same cut
    // applied at once (a zero-length ramp, RISK_ROLE) in the liquidator's transaction reproduces the fuzz finding.
    const w = await loadFixture(idleWorld);
    expect(await healthOf(w)).to.equal(HEALTH_BEFORE);
    await w.pool.grantRole(RISK_ROLE, await w.liquidator.getAddress());
    const c = await w.pool.collateralConfig(w.weth);
    const cut = w.pool.interface.encodeFunctionData("setCollateralConfigWithRamp", [
      w.weth,
      {
        feed: c.feed,
        maxPriceAge: c.maxPriceAge,
        ltv: (CUT_TO * PARAMS.baseLtv) / PARAMS.baseThreshold,
        liquidationThreshold: CUT_TO,
        liquidationBonusBps: c.liquidationBonusBps,
        supplyCap: c.supplyCap,
      },
      0,
    ]);
    const tx = w.liquidator.connect(w.stranger).run(w.pool, cut, w.pool, w.borrower.address, w.weth, USDC(5_000));
    const receipt = await (await tx).wait();
    const [event] = receipt!.logs
      .map((l) => w.pool.interface.parseLog(l))
      .filter((e) => e !== null && e.name === "Liquidation");
    expect(event!.args.healthBefore).to.be.closeTo(9_934n * 10n ** 14n, 10n ** 14n); // 0.9934
  });

  it("update() and a liquidation in one transaction: the cut starts at the update's block, the liquidation fails", async () => {
    const w = await loadFixture(idleWorld);
    expect(await healthOf(w)).to.equal(HEALTH_BEFORE);
    await expect(updateThenLiquidate(w))
      .to.be.revertedWithCustomError(w.pool, "NotLiquidatable")
      .withArgs(w.borrower.address, HEALTH_BEFORE);
    // The same transaction without the liquidation: the controller sets the very cut the old code landed at once,
    // as a ramp from 80% over the interval.
    await w.controller.update();
    const t = BigInt(await time.latest());
    expect(await ramp(w)).to.deep.equal({
      target: CUT_TO,
      from: (80n * WAD) / 100n,
      end: t + BigInt(INTERVAL),
      duration: BigInt(INTERVAL),
    });
    expect((await config(w)).threshold).to.equal((80n * WAD) / 100n);
    expect(await healthOf(w)).to.equal(HEALTH_BEFORE);
  });

  it("update() and a liquidation in separate transactions of one block: the liquidation fails", async () => {
    const w = await loadFixture(idleWorld);
    await w.usdc.mint(w.stranger.address, USDC(100_000));
    await w.usdc.connect(w.stranger).approve(w.pool, ethers.MaxUint256);
    const gas = { gasLimit: 1_000_000 };
    const status = await inOneBlock([
      () => w.controller.connect(w.stranger).update(gas),
      () => w.pool.connect(w.stranger).liquidate(w.borrower.address, w.weth, USDC(5_000), w.stranger.address, 0, gas),
    ]);
    expect(status).to.deep.equal([1, 0]);
    expect(await healthOf(w)).to.equal(HEALTH_BEFORE);
  });

  it("the cut lands linearly: the position crosses health 1 only when the ramp reaches its threshold", async () => {
    const w = await loadFixture(idleWorld);
    await w.controller.update();
    const r = await ramp(w);
    // Health 1 at threshold 0.80 / 1.0099 = 79.216%: about 360 s into the 600 s ramp.
    const liquidate = () =>
      w.pool.connect(w.borrower).liquidate(w.borrower.address, w.weth, USDC(5_000), w.borrower.address, 0);
    await time.increaseTo(r.end - BigInt(INTERVAL) + 300n);
    expect((await config(w)).threshold).to.equal(thresholdAt(r, r.end - 300n));
    expect(await healthOf(w)).to.be.gte(WAD);
    await time.increaseTo(r.end - BigInt(INTERVAL) + 420n);
    expect(await healthOf(w)).to.be.lessThan(WAD);
    await w.usdc.mint(w.borrower.address, USDC(5_000));
    await w.usdc.connect(w.borrower).approve(w.pool, ethers.MaxUint256);
    await expect(liquidate()).to.emit(w.pool, "Liquidation");
  });
});
