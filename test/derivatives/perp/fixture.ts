import { expect } from "chai";
import { ethers } from "hardhat";
import type { ConstantProductPool, LaggedPriceFeed, MockERC20, PerpMarket } from "../../../typechain-types";
import { defaultPerpParams, type PerpParams } from "../../../scripts/derivatives/perp/params";

export const DEBT_DECIMALS = 6;
export const USD = 10n ** 6n;
export const ETH = 10n ** 18n;
export const FEED_DECIMALS = 8;
/** Pool: 1 000 ETH / 2 000 000 USD, 30 bps; mark 2 000 USD. */
export const POOL_BASE = 1_000n * ETH;
export const POOL_DEBT = 2_000_000n * USD;
export const VAULT_CASH = 1_000_000n * USD;
export const VAULT_BASE = 200n * ETH;

/**
 * A perp market over a fresh pool and lagged feed (no latency), vault funded, insurance `insurance`. `baseIsToken0`
 * forces the pool's token order (the pool sorts by address): base tokens are deployed until the order is the one
 * asked; absent, the first deployment's order (the same addresses as before the option existed).
 */
export async function deployPerp(
  overrides: Partial<PerpParams> = {},
  insurance = 10_000n * USD,
  opts: { baseIsToken0?: boolean } = {},
) {
  const [admin, updater, alice, bob, carol, keeper, whale] = await ethers.getSigners();
  const debt = (await ethers.deployContract("MockERC20", ["USD Coin", "USDC", DEBT_DECIMALS])) as unknown as MockERC20;
  let base = (await ethers.deployContract("MockERC20", ["Wrapped Ether", "WETH", 18])) as unknown as MockERC20;
  const isToken0 = async (b: MockERC20) => BigInt(await b.getAddress()) < BigInt(await debt.getAddress());
  for (let tries = 0; opts.baseIsToken0 !== undefined && (await isToken0(base)) !== opts.baseIsToken0; tries++) {
    if (tries === 32) throw new Error("deployPerp: could not get the requested token order in 32 deployments");
    base = (await ethers.deployContract("MockERC20", ["Wrapped Ether", "WETH", 18])) as unknown as MockERC20;
  }
  const pool = (await ethers.deployContract("ConstantProductPool", [
    debt,
    base,
    30,
    "LP",
    "LP",
  ])) as unknown as ConstantProductPool;
  await debt.mint(pool, POOL_DEBT);
  await base.mint(pool, POOL_BASE);
  await pool.mint(admin.address);
  const feed = (await ethers.deployContract("LaggedPriceFeed", [
    FEED_DECIMALS,
    "ETH / USD",
    admin.address,
    updater.address,
    0,
    0,
  ])) as unknown as LaggedPriceFeed;
  await feed.connect(updater).submit(2_000n * 10n ** 8n, (await ethers.provider.getBlock("latest"))!.timestamp);
  const params = { ...defaultPerpParams(DEBT_DECIMALS), ...overrides };
  const market = (await ethers.deployContract("PerpMarket", [
    pool,
    debt,
    base,
    feed,
    admin.address,
    params,
  ])) as unknown as PerpMarket;
  await debt.mint(admin.address, VAULT_CASH + insurance);
  await base.mint(admin.address, VAULT_BASE);
  await debt.approve(market, ethers.MaxUint256);
  await base.approve(market, ethers.MaxUint256);
  await market.fundVault(VAULT_CASH, VAULT_BASE);
  if (insurance > 0n) await market.fundInsurance(insurance);
  for (const s of [alice, bob, carol, keeper, whale]) {
    await debt.mint(s.address, 10_000_000n * USD);
    await base.mint(s.address, 10_000n * ETH);
    await debt.connect(s).approve(market, ethers.MaxUint256);
  }
  return { admin, updater, alice, bob, carol, keeper, whale, debt, base, pool, feed, market, params };
}

export type PerpFixture = Awaited<ReturnType<typeof deployPerp>>;

/** Submits `usd` (a whole-dollar number with up to 8 decimals as bigint 1e8) to the feed. */
export async function setMark(f: PerpFixture, price8: bigint) {
  const ts = (await ethers.provider.getBlock("latest"))!.timestamp;
  await f.feed.connect(f.updater).submit(price8, ts);
}

/** Pool price of one whole base token in debt units (reserves ratio). */
export async function poolPrice(f: PerpFixture): Promise<bigint> {
  const [r0, r1] = await f.pool.getReserves();
  const baseIs0 = (await f.pool.token0()) === (await f.base.getAddress());
  const [rb, rd] = baseIs0 ? [r0, r1] : [r1, r0];
  return (rd * ETH) / rb;
}

/** The whale swaps on the pool (not through the market) until the pool price is about `targetUsd` (debt units). */
export async function movePool(f: PerpFixture, targetDebtPerBase: bigint) {
  const [r0, r1] = await f.pool.getReserves();
  const baseIs0 = (await f.pool.token0()) === (await f.base.getAddress());
  const [rb, rd] = baseIs0 ? [r0, r1] : [r1, r0];
  const k = rb * rd;
  const targetRb = sqrt((k * ETH) / targetDebtPerBase);
  const pool = f.pool.connect(f.whale);
  if (targetRb > rb) {
    const amountIn = targetRb - rb;
    const out = (amountIn * 9970n * rd) / (rb * 10_000n + amountIn * 9970n);
    await f.base.connect(f.whale).transfer(f.pool, amountIn);
    await pool.swap(baseIs0 ? 0n : out, baseIs0 ? out : 0n, f.whale.address, "0x");
  } else if (targetRb < rb) {
    const out = rb - targetRb;
    const amountIn = (rd * out * 10_000n) / ((rb - out) * 9970n) + 1n;
    await f.debt.connect(f.whale).transfer(f.pool, amountIn);
    await pool.swap(baseIs0 ? out : 0n, baseIs0 ? 0n : out, f.whale.address, "0x");
  }
}

/** Moves both the pool and the mark to `usd` whole dollars. */
export async function moveMarket(f: PerpFixture, usd: bigint) {
  await movePool(f, usd * USD);
  await setMark(f, usd * 10n ** 8n);
}

export function sqrt(x: bigint): bigint {
  if (x < 2n) return x;
  let y = x;
  let z = (x + 1n) / 2n;
  while (z < y) [y, z] = [z, (x / z + z) / 2n];
  return y;
}

/** Σ margins + insurance + vault + fees = tokens held, to the wei; Σ position margins = totalMargin. */
export async function expectConserved(f: PerpFixture) {
  const m = f.market;
  const held = await f.debt.balanceOf(m);
  const booked = (await m.totalMargin()) + (await m.insuranceFund()) + (await m.vaultCash()) + (await m.protocolFees());
  expect(held).to.equal(booked);
  expect(await f.base.balanceOf(m)).to.equal(await m.vaultBase());
  let margins = 0n;
  for (const id of await m.openPositionIds()) margins += (await m.position(id)).margin;
  expect(margins).to.equal(await m.totalMargin());
}

/** Opens a position and returns its id. */
export async function open(
  f: PerpFixture,
  who: PerpFixture["alice"],
  isLong: boolean,
  sizeEth: bigint,
  marginUsd: bigint,
): Promise<bigint> {
  const limit = isLong ? 2n ** 255n : 0n;
  const id = await f.market.nextPositionId();
  await f.market.connect(who).openPosition(isLong, sizeEth, marginUsd, limit);
  return id;
}
