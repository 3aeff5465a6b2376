import { expect } from "chai";
import { ethers, network } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import { RISK_ROLE, USDC, ETH, FEED, WAD } from "./fixtures";
import { PARAMS, config, pct, pool, world } from "./dynamicRiskWorld";
import type { DynamicRiskWorld } from "./dynamicRiskWorld";
import { getAmountOut } from "../amm/reference";

const GAS = { gasLimit: 1_000_000 };
const HOUR = 3600;

/** An hour passes; the oracle confirms 2,000 (a fresh round, no return: volatility stays 0). */
async function hourLater(w: DynamicRiskWorld) {
  await time.increase(HOUR);
  await w.ethFeed.setAnswer(FEED(2000));
}
/** Collateral and debt the attacker sets up and undoes within one block. */
const FLASH_ETH = ETH(1_000); // 2M USDC: enough for the borrow even at the 40% LTV floor
const FLASH_BORROW = USDC(600_000);

/** Sends the transactions with automine off and mines them together: one block, in order. */
async function inOneBlock(sends: Array<() => Promise<ContractTransactionResponse>>) {
  await network.provider.send("evm_setAutomine", [false]);
  const sent: ContractTransactionResponse[] = [];
  try {
    for (const send of sends) sent.push(await send());
    await mine();
  } finally {
    await network.provider.send("evm_setAutomine", [true]);
  }
  const receipts = await Promise.all(sent.map((t) => t.wait()));
  expect(new Set(receipts.map((r) => r!.blockNumber)).size).to.equal(1);
  for (const r of receipts) expect(r!.status).to.equal(1);
}

/** The attacker (a stranger) funded with collateral and USDC, approvals given. */
async function armed(w: DynamicRiskWorld, eth: bigint) {
  const a = w.stranger;
  const poolAddress = await w.pool.getAddress();
  const weth = await ethers.getContractAt("MockERC20", w.weth);
  await weth.mint(a.address, eth);
  await weth.connect(a).approve(poolAddress, ethers.MaxUint256);
  await w.usdc.mint(a.address, USDC(100_000));
  await w.usdc.connect(a).approve(poolAddress, ethers.MaxUint256);
  return a;
}

/** deposit -> update -> withdraw (the move: collateral with no debt). */
function collateralFlash(w: DynamicRiskWorld, eth: bigint) {
  const a = w.stranger;
  return [
    () => w.pool.connect(a).depositCollateral(w.weth, eth, a.address, GAS),
    () => w.controller.connect(a).update(GAS),
    () => w.pool.connect(a).withdrawCollateral(w.weth, eth, a.address, a.address, GAS),
  ];
}

/** deposit -> borrow -> update -> repay -> withdraw: the debt variant, free of interest within a block. */
function debtFlash(w: DynamicRiskWorld) {
  const a = w.stranger;
  return [
    () => w.pool.connect(a).depositCollateral(w.weth, FLASH_ETH, a.address, GAS),
    () => w.pool.connect(a).borrow(FLASH_BORROW, a.address, a.address, GAS),
    () => w.controller.connect(a).update(GAS),
    () => w.pool.connect(a).repay(ethers.MaxUint256, a.address, GAS),
    () => w.pool.connect(a).withdrawCollateral(w.weth, FLASH_ETH, a.address, a.address, GAS),
  ];
}

/** The controller on a 20,000 USDC AMM: deep against the 15,000 of debt (capped ratio 0.5), thin against 615,000. */
async function shallowWorld() {
  const w = await world();
  const amm = await pool(await w.usdc.getAddress(), w.weth, USDC(20_000), ETH(10));
  await w.controller.setAmm(await amm.getAddress());
  return w;
}

async function expectNotLiquidatable(w: DynamicRiskWorld) {
  await expect(
    w.pool.connect(w.stranger).liquidate(w.borrower.address, w.weth, USDC(1_000), w.stranger.address, 0),
  ).to.be.revertedWithCustomError(w.pool, "NotLiquidatable");
}

describe("DynamicRiskController: attacks on its inputs (issue 15, F1)", () => {
  it("F1: collateral deposited, update()d and withdrawn in one block each hour moves nothing", async () => {
    // The proof of concept: with the old depth (AMM reserve / total collateral) seven hourly flashes of
    // 5,000 ETH walked the threshold 80% -> 73% and the borrower (health 1.067) was liquidated.
    const w = await loadFixture(world);
    await armed(w, ETH(5_000));
    for (let i = 0; i < 7; i++) {
      await hourLater(w);
      await inOneBlock(collateralFlash(w, ETH(5_000)));
    }
    expect(await config(w)).to.deep.equal({ ltv: pct(75n), threshold: pct(80n) });
    await expectNotLiquidatable(w);
  });

  it("F1: a debt flash (deposit, borrow, update, repay, withdraw) in one block is never sampled", async () => {
    const w = await loadFixture(shallowWorld);
    await armed(w, FLASH_ETH);
    const depthBefore = await w.controller.depthRatio();
    for (let i = 0; i < 7; i++) {
      await hourLater(w);
      await inOneBlock(debtFlash(w));
      // The flash's update saw the debt changed in its block (lastAccrual = now) and kept the previous sample; it
      // also counts for nothing when the attacker is the only caller of update().
      expect(await w.controller.depthRatio()).to.equal(depthBefore);
    }
    expect(await config(w)).to.deep.equal({ ltv: pct(75n), threshold: pct(80n) });
    await expectNotLiquidatable(w);
  });

  it("F1: an AMM swap and update() in one block is not sampled; reserves held across blocks count with time", async () => {
    const w = await loadFixture(shallowWorld);
    const amm = await ethers.getContractAt("ConstantProductPool", await w.controller.amm());
    const a = await armed(w, ETH(100));
    const weth = await ethers.getContractAt("MockERC20", w.weth);
    const wethIs0 = (await amm.token0()) === w.weth;
    const [r0, r1] = await amm.getReserves();
    const [wethReserve, usdcReserve] = wethIs0 ? [r0, r1] : [r1, r0];
    // Sell 100 ETH into the 10 ETH / 20,000 USDC pool: its USDC reserve falls to about 1,800 (ratio 0.12).
    const out = getAmountOut(ETH(100), wethReserve, usdcReserve, 30n);
    await hourLater(w);
    const depthBefore = await w.controller.depthRatio();
    await inOneBlock([
      () => weth.connect(a).transfer(amm, ETH(100), GAS),
      () => amm.connect(a).swap(wethIs0 ? 0n : out, wethIs0 ? out : 0n, a.address, "0x", GAS),
      () => w.controller.connect(a).update(GAS),
    ]);
    expect(await w.controller.depthRatio()).to.equal(depthBefore);
    expect((await w.controller.depthState()).sample).to.equal(PARAMS.targetDepthRatio); // the old sample, kept
    // Held into the next block (no arbitrageur here), the thin reserve is sampled by the next update ...
    await w.controller.update();
    const thin = (await w.controller.depthState()).sample;
    expect(thin).to.be.lessThan(pct(15n));
    // ... and counts with the time it is held: after 1 h of a 6 h window, the average moved a sixth of the way.
    await hourLater(w);
    const expected = PARAMS.targetDepthRatio - (PARAMS.targetDepthRatio - thin) / 6n;
    expect(await w.controller.depthRatio()).to.be.closeTo(expected, WAD / 1_000n);
  });

  it("F1: debt held across a block boundary counts, for its interest; the threshold then falls linearly", async () => {
    const w = await loadFixture(shallowWorld);
    const a = await armed(w, FLASH_ETH);
    await hourLater(w);
    await w.pool.connect(a).depositCollateral(w.weth, FLASH_ETH, a.address);
    await w.pool.connect(a).borrow(FLASH_BORROW, a.address, a.address); // held: the market's debt is 615,000
    const before = await config(w);
    await w.controller.update(); // next block, first touch: sampled (ratio 20,000 / 615,000)
    expect((await w.controller.depthState()).sample).to.equal((USDC(20_000) * WAD) / USDC(615_000));
    expect(await config(w)).to.deep.equal(before); // a sample never changes the update that takes it
    // Held for hours, the debt lowers the targets; the threshold falls at most one point an hour (linear ramp).
    let threshold = before.threshold;
    for (let i = 0; i < 3; i++) {
      await hourLater(w);
      await w.controller.update();
      const now = (await config(w)).threshold;
      expect(threshold - now).to.be.lte(PARAMS.maxThresholdStep);
      threshold = now;
    }
    expect(threshold).to.be.lessThan(pct(80n));
    expect(threshold).to.be.gte(pct(77n)); // health 20,000 x 0.77 / 15,000 = 1.027: still safe after three hours
    await expectNotLiquidatable(w);
    // Two updates in one block move the threshold no further than one.
    await hourLater(w);
    const t0 = (await config(w)).threshold;
    await inOneBlock([() => w.controller.update(GAS), () => w.controller.update(GAS)]);
    expect(t0 - (await config(w)).threshold).to.be.lte(PARAMS.maxThresholdStep);
  });

  it("keeps threshold x (1 + bonus) < 1 after the market's bonus is raised", async () => {
    const w = await loadFixture(world);
    const [admin] = await ethers.getSigners();
    // Calm target 85%: allowed with the 5% bonus (85% x 1.05 = 0.8925).
    await w.controller.setParams({ ...PARAMS, baseThreshold: pct(85n), maxThreshold: pct(85n) });
    // The risk admin raises the bonus to 20%: the threshold in force (80%) is still valid (0.96), but the target
    // (85% x 1.2 = 1.02) no longer is; the controller caps it at (1 - 1e-18) / 1.2.
    await w.pool.grantRole(RISK_ROLE, admin.address);
    const c = await w.pool.collateralConfig(w.weth);
    await w.pool.setCollateralConfig(w.weth, {
      feed: c.feed,
      maxPriceAge: c.maxPriceAge,
      ltv: c.ltv,
      liquidationThreshold: c.liquidationThreshold,
      liquidationBonusBps: 2_000,
      supplyCap: c.supplyCap,
    });
    const cap = (WAD * 10_000n - 1n) / 12_000n;
    for (let i = 0; i < 6; i++) {
      await hourLater(w);
      await w.controller.update(); // would revert in the market (InvalidCollateralConfig) above the cap
      const { threshold } = await config(w);
      expect(threshold * 12_000n).to.be.lessThan(WAD * 10_000n);
    }
    expect((await config(w)).threshold).to.equal(cap);
  });
});
