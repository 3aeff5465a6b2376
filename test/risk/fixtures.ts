import { ethers } from "hardhat";
import { auctionWorld } from "../liquidation/fixtures";
import { USDC, ETH, FEED, WAD } from "../lending/fixtures";

export const EFFECT = { PAUSE_BORROW: 1, THROTTLE: 2, HALT_KICKS: 4, FULL_HALT: 8 } as const;
export const REASON = { PRICE: 1, VOLUME: 2, MANUAL: 3 } as const;
export const PAUSE = {
  BORROW: ethers.id("BORROW"),
  WITHDRAW_COLLATERAL: ethers.id("WITHDRAW_COLLATERAL"),
  LIQUIDATE: ethers.id("LIQUIDATE"),
};
export const GUARDIAN_ROLE = ethers.id("GUARDIAN_ROLE");
export const RISK_ROLE = ethers.id("RISK_ROLE");

/** Test defaults: 10% in an hour, 50k USDC of liquidations in an hour, 30 min cooldown, 10k USDC per block. */
export interface BreakerConfigInput {
  maxPriceMoveBps: number;
  priceWindow: number;
  cooldown: number;
  liquidationCapPerBlock: bigint;
  maxLiquidationVolume: bigint;
  volumeWindow: number;
  effects: number;
}

export const BREAKER: BreakerConfigInput = {
  maxPriceMoveBps: 1000,
  priceWindow: 3600,
  maxLiquidationVolume: USDC(50_000),
  volumeWindow: 3600,
  cooldown: 1800,
  liquidationCapPerBlock: USDC(10_000),
  effects: EFFECT.PAUSE_BORROW,
};

/**
 * The auction world (USDC debt, WETH at 2,000, a borrower with 10 ETH and 15,000 USDC of debt, a funded taker) with a
 * CircuitBreaker watching the ETH feed, holding the market's and the auction's GUARDIAN_ROLE, set as the market's
 * liquidation guard, and poked once so that it has recorded the starting price. A funded liquidator (signer 5).
 */
export async function breakerWorld(config: Partial<BreakerConfigInput> = {}) {
  const w = await auctionWorld();
  const [admin, , , , , liquidator, guardian, stranger] = w.signers;
  const breaker = await ethers.deployContract("CircuitBreaker", [
    admin.address,
    w.poolAddress,
    await w.auctions.getAddress(),
    [await w.ethFeed.getAddress()],
    { ...BREAKER, ...config },
  ]);
  const breakerAddress = await breaker.getAddress();
  await w.pool.grantRole(GUARDIAN_ROLE, breakerAddress);
  await w.auctions.grantRole(GUARDIAN_ROLE, breakerAddress);
  await w.pool.setLiquidationGuard(breakerAddress);
  await breaker.grantRole(GUARDIAN_ROLE, guardian.address);
  await breaker.poke();
  await w.usdc.mint(liquidator.address, USDC(1_000_000));
  await w.usdc.connect(liquidator).approve(w.poolAddress, ethers.MaxUint256);
  return { ...w, breaker, breakerAddress, admin, liquidator, guardian, stranger };
}
export type BreakerWorld = Awaited<ReturnType<typeof breakerWorld>>;

/**
 * A CircuitBreaker on its own: its "market" is an account (signer 3) that reports liquidations by calling
 * `onLiquidation` itself, no auction, one fresh mock feed at 2,000 not yet recorded; no effects unless given (there is
 * no market to pause). `deployedAt`: the block time its first fixed volume window starts at.
 */
export async function bareBreaker(config: Partial<BreakerConfigInput> = {}) {
  const signers = await ethers.getSigners();
  const [admin, , , market] = signers;
  const feed = await ethers.deployContract("MockPriceFeed", [8, FEED(2000)]);
  const breaker = await ethers.deployContract("CircuitBreaker", [
    admin.address,
    market.address,
    ethers.ZeroAddress,
    [await feed.getAddress()],
    { ...BREAKER, effects: 0, ...config },
  ]);
  const receipt = await breaker.deploymentTransaction()!.wait();
  const deployedAt = BigInt((await ethers.provider.getBlock(receipt!.blockNumber))!.timestamp);
  return { breaker, feed, admin, market, deployedAt, signers };
}
export type BareBreaker = Awaited<ReturnType<typeof bareBreaker>>;

/** `price` moved by `bps` basis points (negative = down), in feed units, rounded toward `price`. */
export function moved(price: bigint, bps: bigint) {
  return price + (price * bps) / 10_000n;
}

export { USDC, ETH, FEED, WAD };
