/**
 * The agents of a two-chain contagion run, each acting before a tick on the chains due in it: a feed updater that
 * publishes an AMM's spot, a one-off crash seller, and a liquidator bot (AtomicLiquidator: liquidate and sell in one
 * transaction, only when the sale pays the repayment back).
 */
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ConstantProductPool, ConstantProductRouter, LaggedPriceFeed, MockERC20 } from "../../../typechain-types";
import { gwei } from "../../sim/chain";
import { sellToPrice } from "../bridge-rules";
import type { ClockTick } from "../clock";
import type { LabChain } from "../lab-chain";
import { healthFactors, type ChainMarket } from "./market";

const WAD = 10n ** 18n;
const FEED_DECIMALS = 8n;

async function fees(chain: LabChain, priorityGwei: number, gasLimit: bigint) {
  const prio = gwei(priorityGwei);
  return { gasLimit, maxPriorityFeePerGas: prio, maxFeePerGas: 2n * (await chain.chain.nextBaseFee()) + prio };
}

const dueOn = (chain: LabChain, tick: ClockTick, chains: readonly LabChain[]) =>
  tick.due.includes(chains.indexOf(chain));

/** Spot of `asset` in `quote` per whole asset token, feed units (8 decimals), from the pool's reserves; rounds down. */
export async function ammSpot(amm: ConstantProductPool, asset: string, assetDecimals: number, quoteDecimals: number) {
  const [r0, r1] = await amm.getReserves();
  const [ra, rq] = (await amm.token0()) === asset ? [r0, r1] : [r1, r0];
  if (ra === 0n) return 0n;
  return (rq * 10n ** BigInt(assetDecimals) * 10n ** FEED_DECIMALS) / (ra * 10n ** BigInt(quoteDecimals));
}

/** Publishes `price()` (feed units) to `feed` every block of `chain`. */
export class FeedUpdater {
  constructor(
    readonly chain: LabChain,
    readonly chains: readonly LabChain[],
    readonly feed: LaggedPriceFeed,
    readonly updater: HardhatEthersSigner,
    readonly price: () => Promise<bigint>,
  ) {}

  async act(tick: ClockTick) {
    if (!dueOn(this.chain, tick, this.chains)) return;
    const answer = await this.price();
    if (answer <= 0n) return;
    await this.feed.connect(this.updater).submit(answer, tick.time, await fees(this.chain, 0, 200_000n));
  }
}

/** Sells `asset` into `amm` once, at the first block of its chain at or after `atSec` since the clock's start, down
 * to (1 - drop) x the spot it finds. */
export class CrashSeller {
  done = false;
  sold = 0n;

  constructor(
    readonly chain: LabChain,
    readonly chains: readonly LabChain[],
    readonly start: number,
    readonly asset: MockERC20,
    readonly amm: ConstantProductPool,
    readonly router: ConstantProductRouter,
    readonly seller: HardhatEthersSigner,
    readonly atSec: number,
    readonly drop: number,
  ) {}

  async act(tick: ClockTick) {
    if (this.done || this.drop === 0 || tick.time - this.start < this.atSec || !dueOn(this.chain, tick, this.chains)) {
      return;
    }
    this.done = true;
    const asset = await this.asset.getAddress();
    const [r0, r1] = await this.amm.getReserves();
    const [ra, rq] = (await this.amm.token0()) === asset ? [r0, r1] : [r1, r0];
    const ppm = BigInt(Math.round((1 - this.drop) * 1e6));
    // Target price rq/ra x (1 - drop), as a fraction num/den of quote units per asset unit.
    const amount = sellToPrice(ra, rq, Number(await this.amm.feeBps()), rq * ppm, ra * 1_000_000n);
    if (amount === 0n) return;
    this.sold = amount;
    await this.asset.connect(this.seller).mint(this.seller.address, amount, await fees(this.chain, 2, 100_000n));
    await this.asset
      .connect(this.seller)
      .approve(await this.router.getAddress(), amount, await fees(this.chain, 2, 100_000n));
    await this.router
      .connect(this.seller)
      .swapExactTokensForTokens(
        await this.amm.getAddress(),
        asset,
        amount,
        0n,
        this.seller.address,
        tick.time + 3_600,
        await fees(this.chain, 2, 300_000n),
      );
  }
}

/** One liquidation as the bot saw it land. */
export interface LiquidationRecord {
  readonly chain: string;
  readonly borrower: string;
  readonly block: number;
  /** Unix seconds. */
  readonly time: number;
  /** Debt repaid, collateral seized, sale proceeds: token units. */
  readonly repaid: bigint;
  readonly seized: bigint;
  readonly proceeds: bigint;
}

/** Liquidates the lowest-health positions under 1 (at most `maxPerBlock` per block) when the sale would pay. */
export class LiquidatorBot {
  readonly records: LiquidationRecord[] = [];
  /** Liquidatable positions skipped in a block because no sale of debt, 1/2, 1/4 or 1/8 of it would pay the repayment
   * back (checked on the latest state). */
  unprofitable = 0;
  /** Liquidations sent that reverted on chain (a competitor's sale moved the pool first). */
  reverted = 0;
  private sent: string[] = [];

  constructor(
    readonly market: ChainMarket,
    readonly chains: readonly LabChain[],
    readonly amm: ConstantProductPool,
    readonly keeper: HardhatEthersSigner,
    readonly maxPerBlock: number,
  ) {}

  /** Setup: a float of the debt asset and the approval for the liquidator contract. */
  async setup(float: bigint) {
    const c = this.market.chain;
    await c.settle(this.market.debt.connect(this.keeper).mint(this.keeper.address, float));
    await c.settle(
      this.market.debt.connect(this.keeper).approve(await this.market.liquidator.getAddress(), 2n ** 255n),
    );
  }

  async act(tick: ClockTick) {
    const m = this.market;
    if (!dueOn(m.chain, tick, this.chains) || m.borrowers.length === 0) return;
    const healths = await healthFactors(m);
    const targets = m.borrowers
      .map((b, i) => ({ b, h: healths[i] }))
      .filter((x) => x.h < WAD)
      .sort((x, y) => (x.h < y.h ? -1 : x.h > y.h ? 1 : 0))
      .slice(0, this.maxPerBlock);
    const collateral = await m.collateral.getAddress();
    const pool = await m.pool.getAddress();
    const amm = await this.amm.getAddress();
    const bot = m.liquidator.connect(this.keeper);
    for (const t of targets) {
      const debt = await m.pool.debtOf(t.b);
      // The largest repayment of debt, 1/2, 1/4, 1/8 whose sale pays it back on the latest state.
      let chosen: readonly [string, string, string, bigint, bigint, string, bigint] | null = null;
      for (let share = 1n; share <= 8n && debt > 0n && !chosen; share *= 2n) {
        const a = [pool, t.b, collateral, debt / share, debt / share, amm, 0n] as const;
        try {
          await bot.liquidateAndSell.staticCall(...a);
          chosen = a;
        } catch {
          // Too large for the pool to pay back, or not liquidatable at this size: try half.
        }
      }
      if (!chosen) {
        this.unprofitable++;
        continue;
      }
      const tx = await bot.liquidateAndSell(...chosen, await fees(m.chain, 2, 1_500_000n));
      this.sent.push(tx.hash);
    }
  }

  async observe() {
    const m = this.market;
    const still: string[] = [];
    for (const hash of this.sent) {
      const r = await m.chain.chain.receipt(hash);
      if (!r) {
        still.push(hash);
        continue;
      }
      if (r.status !== 1) {
        this.reverted++;
        continue;
      }
      for (const log of r.logs) {
        const parsed = m.liquidator.interface.parseLog(log);
        if (parsed?.name !== "AtomicLiquidation") continue;
        this.records.push({
          chain: m.chain.spec.name,
          borrower: parsed.args.borrower as string,
          block: r.blockNumber,
          time: m.chain.lastTimestamp,
          repaid: parsed.args.repaid as bigint,
          seized: parsed.args.seized as bigint,
          proceeds: parsed.args.proceeds as bigint,
        });
      }
    }
    this.sent = still;
  }
}
