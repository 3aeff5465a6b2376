import { expect } from "chai";
import { ethers } from "hardhat";
import type { ContractTransactionResponse } from "ethers";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { deployMarketNoInterest, openPosition } from "../lending/fixtures";
import { RISK_ROLE, USDC, ETH, WAD } from "./fixtures";
import type { RefThresholdRamp } from "../helpers/lendingMath";

export const pct = (n: bigint) => (WAD * n) / 100n;
/** Defaults used in tests: calm 75%/80%, floors 40%/50%, 1 point per hour, depth averaged over 6 hours. */
export const PARAMS = {
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
  depthWindow: 6 * 3600,
};

export async function pool(usdc: string, weth: string, usdcReserve: bigint, wethReserve: bigint) {
  const amm = await ethers.deployContract("ConstantProductPool", [weth, usdc, 30, "LP", "LP"]);
  const [admin] = await ethers.getSigners();
  const u = await ethers.getContractAt("MockERC20", usdc);
  const w = await ethers.getContractAt("MockERC20", weth);
  await u.mint(await amm.getAddress(), usdcReserve);
  await w.mint(await amm.getAddress(), wethReserve);
  await amm.mint(admin.address);
  return amm;
}

/**
 * No-interest market (ETH 75%/80%, bonus 5%, 1M USDC supplied), a borrower with 10 ETH and 15,000 USDC, a deep AMM
 * (2M USDC) on the controller and a thin one (3,750 USDC).
 */
export async function world() {
  const m = await deployMarketNoInterest();
  const [admin, , borrower, , , , stranger] = m.signers;
  const usdc = await m.usdc.getAddress();
  const weth = await m.weth.getAddress();
  const deep = await pool(usdc, weth, USDC(2_000_000), ETH(1_000));
  const thin = await pool(usdc, weth, USDC(3_750), ETH(2n));
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
export async function round(w: DynamicRiskWorld, answer: bigint, wait = 3600) {
  await time.increase(wait);
  await w.ethFeed.setAnswer(answer);
  return w.controller.update();
}

export type DynamicRiskWorld = Awaited<ReturnType<typeof world>>;

/** The market's stored ramp of the WETH threshold, as bigints. */
export async function ramp(w: DynamicRiskWorld): Promise<RefThresholdRamp> {
  const r = await w.pool.thresholdRamp(w.weth);
  return { target: r.target, from: r.from, end: r.end, duration: r.duration };
}

export async function config(w: DynamicRiskWorld) {
  const c = await w.pool.collateralConfig(w.weth);
  return { ltv: c.ltv, threshold: c.liquidationThreshold };
}

/** The arguments of the update's RiskParametersApplied event. */
export async function applied(w: DynamicRiskWorld, tx: Promise<ContractTransactionResponse>) {
  const receipt = await (await tx).wait();
  const events = receipt!.logs
    .map((l) => w.controller.interface.parseLog(l))
    .filter((e) => e !== null && e.name === "RiskParametersApplied");
  expect(events).to.have.length(1);
  const [ltv, threshold, ltvTarget, thresholdTarget, sigma, depth] = events[0]!.args as unknown as bigint[];
  return { ltv, threshold, ltvTarget, thresholdTarget, sigma, depth };
}
