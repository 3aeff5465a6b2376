/**
 * Pure rules of the relayer: when a message is due, whether the bridge is impaired, which messages one destination
 * block carries, and how much the depeg traders sell to bring the remote AMM to a target price.
 */
import { isqrt } from "../sim/sizing";
import type { BridgeParams, ClockWindow } from "./bridge-params";

/** A message as the relayer tracks it. */
export interface BridgeMessage {
  /** "out" = a lock on the home chain to mint on the remote; "back" = a burn on the remote to release at home. */
  readonly direction: "out" | "back";
  readonly nonce: bigint;
  readonly recipient: string;
  /** Token units. */
  readonly amount: bigint;
  /** Source-chain block number and timestamp (Unix seconds) of the block that emitted it. */
  readonly sourceBlock: number;
  readonly sourceTime: number;
}

const inWindow = (w: ClockWindow | null, sinceStart: number) =>
  w !== null && sinceStart >= w.fromSec && sinceStart < w.untilSec;

/** True while a halt window is in force (`sinceStart`: seconds since the clock's start). */
export function halted(p: BridgeParams, sinceStart: number): boolean {
  return inWindow(p.halt, sinceStart);
}

/** True while the bridge is impaired: halted or finality delayed. */
export function impaired(p: BridgeParams, sinceStart: number): boolean {
  return halted(p, sinceStart) || inWindow(p.delayedFinality, sinceStart);
}

/** Source-chain blocks a message waits now (its confirmation depth). */
export function confirmationsNeeded(p: BridgeParams, sinceStart: number): number {
  return p.delayBlocks + (inWindow(p.delayedFinality, sinceStart) ? p.delayedFinality!.extraBlocks : 0);
}

/** Whether `m` may be delivered in a destination block at `now` (Unix seconds), the source chain being at block
 * `sourceHead`. */
export function isDue(m: BridgeMessage, p: BridgeParams, now: number, sourceHead: number, sinceStart: number): boolean {
  return sourceHead - m.sourceBlock >= confirmationsNeeded(p, sinceStart) && now - m.sourceTime >= p.delaySeconds;
}

/** The messages one destination block carries: due ones, oldest first (by source block, then nonce), at most
 * `maxMessagesPerBlock`; none while halted. */
export function selectForBlock(
  waiting: readonly BridgeMessage[],
  p: BridgeParams,
  now: number,
  sourceHead: number,
  sinceStart: number,
): BridgeMessage[] {
  if (halted(p, sinceStart)) return [];
  return waiting
    .filter((m) => isDue(m, p, now, sourceHead, sinceStart))
    .sort((a, b) => a.sourceBlock - b.sourceBlock || (a.nonce < b.nonce ? -1 : a.nonce > b.nonce ? 1 : 0))
    .slice(0, p.maxMessagesPerBlock);
}

/**
 * Amount of the asset to sell into a constant-product pool (reserves `assetReserve` R, `quoteReserve` Q, fee
 * `feeBps`) to bring its spot price (quote per asset unit) down to `targetNum / targetDen`; 0 when the price is
 * already at or below. After a sale of x with a = 1 - fee the pool holds R + x of the asset (the fee stays) and
 * Q·R / (R + a·x) of the quote, so the spot is the target when (R + a·x)(R + x) = Q·R·den / num: the positive root
 * of a·x² + R(1 + a)·x + R² - K = 0, rounded up.
 */
export function sellToPrice(
  assetReserve: bigint,
  quoteReserve: bigint,
  feeBps: number,
  targetNum: bigint,
  targetDen: bigint,
): bigint {
  const R = assetReserve;
  if (targetNum <= 0n || R === 0n) return 0n;
  if (quoteReserve * targetDen <= targetNum * R) return 0n;
  const K = (R * quoteReserve * targetDen) / targetNum;
  const keep = 10_000n - BigInt(feeBps);
  // In units of 1/10,000: keep·x² + R(10,000 + keep)·x - 10,000(K - R²) = 0.
  const b = R * (10_000n + keep);
  const disc = b * b + 4n * keep * 10_000n * (K - R * R);
  const root = isqrt(disc);
  const twoA = 2n * keep;
  return (root + 1n - b + twoA - 1n) / twoA;
}
