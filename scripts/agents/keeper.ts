/**
 * Keepers, one class with a strategy each (the scenario's `keepers[].strategy`):
 * - `fixed-bonus`: liquidates with its own capital; `execution` atomic sells the seized collateral in the same
 *   transaction (AtomicLiquidator), inventory keeps it and sells it by its `sale` policy;
 * - `gas-bidder`: the same, outbidding the best pending competitor (priority gas auction);
 * - `oracle-backrunner`: the same, but reads the oracle's pending answer and lands its liquidation in the very
 *   block that answer becomes visible, instead of reacting a block later;
 * - `flash`: no inventory, FlashLiquidator for fixed-bonus liquidations and auction takes, simulated first;
 * - `auction-kicker`: kicks auctions on liquidatable positions and resets stale ones, for the incentive;
 * - `auction-taker`: takes auctions with its own capital when the price is below what the AMM pays.
 * Every decision is priced: expected profit net of gas (at the scenario's native token price) must be positive.
 * Each keeper decides alone from what it can read: the chain, the public mempool (competitors' pending
 * transactions, which `targeting: avoid-pending` steers around) and its own capital and unsold collateral. It ranks
 * targets by its own expected profit and prices every sale at the AMM reserves after its own unsold inventory and the
 * sales of the transactions it has already sent this block. On a market that reads the live AMM spot it starts from
 * the pending block and computes liquidatability and amounts off-chain at the spot its own earlier sales leave
 * (`liveCandidates`, `livePlan`). `keeperModel: legacy` restores the keeper of before.
 */
import type { World } from "../sim/world/types";
import type { SentTx, View } from "./types";
import type { PendingTx } from "../sim/chain";
import { pgaCap } from "./fees";
import { afterSale } from "../sim/market-math";
import { KeeperLiquidations } from "./keeper-liquidations";
import { ATOMIC, feeBpsOf } from "./keeper-base";
import { decodeArgs } from "../sim/calldata";

/** A keeper: each block it reads what it competes against, acts by its strategy, sells its inventory; PGA rebids. */
export class Keeper extends KeeperLiquidations {
  async act(view: View, world: World): Promise<SentTx[]> {
    // Read at the first block, then kept from its mined transactions (`account`). "latest", not "pending": the engine
    // drops every keeper transaction that missed its block, so none of ours is pending when a block starts.
    this.account ??= {
      balance: await world.hre.ethers.provider.getBalance(this.me.address),
      nonce: await world.hre.ethers.provider.getTransactionCount(this.me.address, "latest"),
    };
    this.spendable = this.account.balance;
    this.nonce = this.account.nonce;
    this.bids = [];
    const s = this.group.strategy;
    const holds = s === "fixed-bonus" || s === "gas-bidder" || s === "oracle-backrunner" || s === "auction-taker";
    const inventory = holds ? await view.balance("collateral", this.me.address) : 0n;
    // A market on the live AMM spot moves with every sale in the block, this keeper's included: it starts from the
    // pending block (the arbitrage that outbids it, competitors' transactions already sent), as a bot simulating it.
    this.live =
      world.spotFeed && !this.legacy ? { rules: await view.rules(), amm: await view.pendingReserves() } : null;
    // The legacy keeper priced at the reserves it read, blind to the collateral it was about to sell.
    const start = this.live ? this.live.amm : view.reserves;
    this.market = this.legacy ? { ...view.reserves } : afterSale(start, inventory, world.scenario.amm.feeBps);
    // The mempool is read only when there is something to take: building the pending block is the costliest read.
    if (this.targeting === "avoid-pending" && this.hasWork(view)) {
      const calls = await this.competitorCalls(view, world);
      this.competitorInputs = calls.map((t) => t.input.toLowerCase().slice(10));
      // Competitors' pending atomic and flash liquidations will sell into the AMM in this block too (on a live
      // market the pending block already holds them).
      if (!this.live)
        for (const t of calls)
          this.market = afterSale(this.market, await this.pendingSale(t, view, world), feeBpsOf(world));
    } else this.competitorInputs = [];
    const sent = await this.compete(view, world);
    // The sale of last block's collateral goes last: a sender's transactions run in nonce order, so a cheap sale
    // sent first would hold back every bid behind it.
    if (holds) {
      const sale = await this.sellInventory(inventory, view, world);
      if (sale) sent.push(sale);
    }
    return sent;
  }

  /**
   * Whether this block offers anything to this keeper: a liquidatable position, an auction, a pending oracle answer
   * (the back-runner's targets) or a market on the live spot (whose targets its own sales may create).
   */
  protected hasWork(view: View): boolean {
    if (this.live || view.liquidatable.length > 0 || view.auctions.length > 0) return true;
    return this.group.strategy === "oracle-backrunner" && view.pendingOracle !== null;
  }

  /** Competitors' pending transactions to the keeper contracts (market, auctions, keeper helpers). */
  protected async competitorCalls(view: View, world: World): Promise<PendingTx[]> {
    const a = world.addresses;
    const targets = new Set(
      [a.pool, a.auctions, a.flash, this.atomicLiquidator].filter((x): x is string => !!x).map((x) => x.toLowerCase()),
    );
    const self = this.me.address.toLowerCase();
    return (await view.pending()).filter((t) => t.from !== self && targets.has(t.to));
  }

  /**
   * Collateral a competitor's pending atomic or flash liquidation will sell into the AMM (estimated like this
   * keeper's own: the seized amount scales with the repayment); 0 for anything else.
   */
  protected async pendingSale(t: PendingTx, view: View, world: World): Promise<bigint> {
    let kind: "atomic" | "flash";
    if (this.atomicLiquidator && t.to === this.atomicLiquidator.toLowerCase()) kind = "atomic";
    else if (t.to === world.addresses.flash.toLowerCase()) kind = "flash";
    else return 0n;
    const call = decodedLiquidation(kind, t, world);
    if (!call) return 0n; // another method (an auction take, a kick)
    const { borrower, repay } = call;
    const max = await view.previewMax(borrower);
    if (max.repay === 0n) return 0n;
    return (max.seized * (repay < max.repay ? repay : max.repay)) / max.repay;
  }

  /** Acts by its strategy: kicks, takes, flash or own-capital liquidations. */
  protected async compete(view: View, world: World): Promise<SentTx[]> {
    const s = this.group.strategy;
    if (s === "auction-kicker") return this.kick(view, world);
    if (s === "auction-taker") return this.takeAuctions(view, world, false);
    if (s === "flash") {
      const sent = world.auctions ? await this.takeAuctions(view, world, true) : [];
      if (world.scenario.liquidation.mechanism !== "dutch-auction")
        sent.push(...(await this.flashLiquidate(view, world)));
      return sent;
    }
    if (world.scenario.liquidation.mechanism === "dutch-auction") return [];
    return this.liquidate(view, world);
  }

  /* PRIORITY GAS AUCTION */

  /**
   * A later bidding round in the same block interval: for each of its pending bids that a competitor's pending
   * transaction (same contract, same borrower) outbids, a PGA keeper replaces its own — same nonce, fee raised
   * `raisePct` above the best competitor (and at least the node's 10% replacement bump) — until the fee would
   * exceed `maxProfitShare` of the expected profit; then it stops raising.
   */
  async rebid(view: View, world: World, round: number): Promise<SentTx[]> {
    if (this.policy.policy !== "pga") return [];
    const policy = this.policy;
    const pending = await view.pending();
    const sent: SentTx[] = [];
    for (const bid of [...this.bids]) {
      if (!bid.borrower || bid.kind === "sell" || bid.kind === "redo") continue;
      let best = 0n;
      for (const t of pending) {
        if (t.from === this.me.address.toLowerCase() || t.to !== bid.to.toLowerCase()) continue;
        // Same opportunity: a transaction to the same contract that names the same borrower (or auction id).
        const key = bid.opportunity ?? bid.borrower.slice(2).toLowerCase().padStart(64, "0");
        if (!t.input.toLowerCase().slice(10).includes(key)) continue;
        if (t.maxPriorityFeePerGas > best) best = t.maxPriorityFeePerGas;
      }
      if (best < bid.fee.maxPriorityFeePerGas) continue; // still the best bid
      const raise = BigInt(Math.round(policy.raisePct * 100));
      let tip = (best * (10_000n + raise) + 9_999n) / 10_000n;
      const minTip = (bid.fee.maxPriorityFeePerGas * 11n) / 10n + 1n; // the node's replacement rule
      if (tip < minTip) tip = minTip;
      if (tip > pgaCap(policy.maxProfitShare, bid.expectedProfit, bid.gasLimit, world)) continue; // gives up
      let maxFee = view.baseFee * 2n + tip;
      const minMaxFee = (bid.fee.maxFeePerGas * 11n) / 10n + 1n;
      if (maxFee < minMaxFee) maxFee = minMaxFee;
      const replacement = await this.submit(
        bid.to,
        bid.data,
        bid.gasLimit,
        { maxPriorityFeePerGas: tip, maxFeePerGas: maxFee },
        view,
        world,
        { kind: bid.kind, borrower: bid.borrower, expectedProfit: bid.expectedProfit, opportunity: bid.opportunity },
        bid.nonce,
        bid,
      );
      if (replacement) sent.push({ ...replacement, round });
    }
    return sent;
  }
}

/**
 * A pending atomic or flash liquidation's borrower and repayment, decoded once per transaction: every keeper reads
 * the same mempool in a block, and a pending transaction is read again in the next rounds (null: another method).
 */
const DECODED = new Map<string, { borrower: string; repay: bigint } | null>();

function decodedLiquidation(
  kind: "atomic" | "flash",
  t: PendingTx,
  world: World,
): { borrower: string; repay: bigint } | null {
  const key = `${kind}:${t.hash}`;
  let out = DECODED.get(key);
  if (out !== undefined) return out;
  try {
    if (kind === "atomic") {
      const d = decodeArgs(ATOMIC, "liquidateAndSell", t.input);
      out = { borrower: d[1] as string, repay: d[3] as bigint };
    } else {
      const d = decodeArgs(world.flash.interface, "liquidateWithFlashSwap", t.input);
      out = { borrower: d[0].borrower as string, repay: d[0].repayAmount as bigint };
    }
  } catch {
    out = null;
  }
  if (DECODED.size >= 10_000) DECODED.clear();
  DECODED.set(key, out);
  return out;
}
