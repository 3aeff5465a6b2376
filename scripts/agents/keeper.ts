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
import type { World, Agent } from "../sim/world/types";
import type { KeeperGroup } from "../sim/scenario";
import type { MinedContext, MinedOutcome, MinedTx, SentTx, SimAgent, View, TxKind } from "./types";
import { KeeperLedger } from "./keeper-ledger";
import type { PendingTx } from "../sim/chain";
import { weiToDebt } from "./types";
import { priorityFee, pgaCap, type FeeQuote } from "./fees";
import { toQuantity } from "ethers";
import { profitMaximizingRepay } from "../sim/sizing";
import { AtomicLiquidator__factory } from "../../typechain-types";
import {
  afterSale,
  feedSpot,
  isLiquidatable,
  liquidationAmounts,
  previewMaxLiquidation,
  saleProceeds,
  type MarketRules,
  type Reserves,
} from "../sim/market-math";

const DEADLINE = 2n ** 40n;
/** Actions per keeper per block of the legacy model (`keeperModel: legacy`). */
const LEGACY_ACTIONS_PER_BLOCK = 3;
/** Candidates a keeper examines per block on top of its actions per block (bots bound their per-block work too). */
const MAX_CANDIDATES = 40;
const ATOMIC = AtomicLiquidator__factory.createInterface();
/** Room above a position's debt an atomic keeper lets the market take (interest accrued since it read the debt). */
const INTEREST_SLACK_BPS = 10n;
/** Transactions a flash keeper simulates per block before sending (each is a full eth_call). */
const MAX_SIMULATIONS = 6;
/** Gas limits pinned per action (Hardhat's priority ordering misbehaves with estimated gas). */
const GAS = {
  liquidate: 400_000n,
  atomic: 500_000n,
  flash: 600_000n,
  kick: 800_000n,
  take: 400_000n,
  redo: 300_000n,
  sell: 200_000n,
};

export class Keeper implements SimAgent {
  readonly keeper = true;
  private readonly policy: KeeperGroup["priorityFee"];

  /** The group's choices, or the legacy keeper's (`keeperModel: legacy`). */
  private readonly actions: number;
  private readonly sizing: KeeperGroup["sizing"];
  private readonly execution: KeeperGroup["execution"];
  private readonly sale: KeeperGroup["sale"];
  private readonly targeting: KeeperGroup["targeting"];

  /**
   * @param atomicLiquidator address of the AtomicLiquidator this keeper sends atomic liquidations through
   * @param legacy the keeper of before issue 14 (shared ranking, blind pricing, inventory, close factor, 3 a block)
   */
  constructor(
    readonly name: string,
    private readonly me: Agent,
    private readonly group: KeeperGroup,
    private readonly atomicLiquidator: string,
    private readonly legacy = false,
  ) {
    this.policy =
      group.strategy === "gas-bidder" && group.priorityFee.policy !== "outbid"
        ? { policy: "outbid", incrementGwei: 1, maxGwei: 500 }
        : group.priorityFee;
    this.actions = legacy ? LEGACY_ACTIONS_PER_BLOCK : group.actionsPerBlock;
    this.sizing = legacy ? "close-factor" : group.sizing;
    this.execution = legacy ? "inventory" : group.execution;
    this.sale = legacy ? { policy: "next-block", blocks: 1 } : group.sale;
    this.targeting = legacy ? "race" : group.targeting;
  }

  get address() {
    return this.me.address;
  }

  /** Wei this keeper may still commit in the block being built (its balance less what it has sent). */
  private spendable = 0n;

  /** Pending bids of the block being built (replaceable in later bidding rounds). */
  private bids: Bid[] = [];
  private nonce = 0;
  /** What this keeper saw and did, for the gas-war report. */
  readonly stats = { opportunities: 0 };
  get opportunities(): number {
    return this.stats.opportunities;
  }
  /** Its liquidation records and unsold collateral, from its mined transactions. */
  private readonly ledger = new KeeperLedger();

  onMined(mined: MinedTx, ctx: MinedContext): MinedOutcome {
    return this.ledger.onMined(mined, ctx);
  }

  /** AMM reserves this keeper expects its next sale to meet: after its unsold inventory and this block's sales. */
  private market: Reserves = { collateral: 0n, debt: 0n };
  /** Calldata (after the selector) of competitors' pending keeper transactions, lowercase (avoid-pending). */
  private competitorInputs: string[] = [];
  /** Inventory lots being sold in parts (sale policy spread): collateral left and the part sold per block. */
  private lots: { left: bigint; part: bigint }[] = [];
  /** Collateral the lots account for. */
  private tracked = 0n;
  /**
   * On a market that reads the live AMM spot (`oracle.source` amm-spot-live): its rules and the AMM state its next
   * transaction will meet (the pending block, then its own atomic sales sent this block); null on any other market.
   */
  private live: { rules: MarketRules; amm: Reserves } | null = null;

  async act(view: View, world: World): Promise<SentTx[]> {
    this.spendable = await world.hre.ethers.provider.getBalance(this.me.address);
    // "latest", not "pending": the engine drops every keeper transaction that missed its block, so none of ours is
    // pending when a block starts (and the pending count costs the node a walk over its mempool).
    this.nonce = await world.hre.ethers.provider.getTransactionCount(this.me.address, "latest");
    this.bids = [];
    const s = this.group.strategy;
    const holds = s === "fixed-bonus" || s === "gas-bidder" || s === "oracle-backrunner" || s === "auction-taker";
    const inventory = holds ? await world.collateral.balanceOf(this.me.address) : 0n;
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
  private hasWork(view: View): boolean {
    if (this.live || view.liquidatable.length > 0 || view.auctions.length > 0) return true;
    return this.group.strategy === "oracle-backrunner" && view.pendingOracle !== null;
  }

  /** Competitors' pending transactions to the keeper contracts (market, auctions, keeper helpers). */
  private async competitorCalls(view: View, world: World): Promise<PendingTx[]> {
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
  private async pendingSale(t: PendingTx, view: View, world: World): Promise<bigint> {
    let borrower: string;
    let repay: bigint;
    try {
      if (this.atomicLiquidator && t.to === this.atomicLiquidator.toLowerCase()) {
        const d = ATOMIC.decodeFunctionData("liquidateAndSell", t.input);
        [borrower, repay] = [d[1] as string, d[3] as bigint];
      } else if (t.to === world.addresses.flash.toLowerCase()) {
        const d = world.flash.interface.decodeFunctionData("liquidateWithFlashSwap", t.input);
        [borrower, repay] = [d[0].borrower as string, d[0].repayAmount as bigint];
      } else return 0n;
    } catch {
      return 0n; // another method (an auction take, a kick)
    }
    const max = await view.previewMax(borrower);
    if (max.repay === 0n) return 0n;
    return (max.seized * (repay < max.repay ? repay : max.repay)) / max.repay;
  }

  /** Whether a competitor's pending transaction names this opportunity (a calldata word, 64 hex digits). */
  private taken(word: string): boolean {
    return this.competitorInputs.some((input) => input.includes(word));
  }

  private async compete(view: View, world: World): Promise<SentTx[]> {
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

  /* CANDIDATES */

  private candidates(view: View): string[] {
    if (this.legacy) return this.allCandidates(view).slice(0, MAX_CANDIDATES);
    return this.allCandidates(view)
      .filter((b) => !this.taken(word(b)))
      .slice(0, MAX_CANDIDATES + this.actions);
  }

  private allCandidates(view: View): string[] {
    if (this.live) return this.liveCandidates(view, this.live);
    if (this.group.strategy === "oracle-backrunner" && view.pendingOracle) {
      const p = view.pendingOracle;
      if (view.timestamp >= p.visibleAtTimestamp && view.chainBlock >= p.visibleAtBlock) {
        // The pending answer lands in this block: who will be liquidatable at it?
        const ratio = p.price / view.oraclePrice;
        return [...view.positions.entries()]
          .filter(([, pos]) => pos.debt > 0n && pos.health * ratio < 1)
          .sort((a, b) => (b[1].debt > a[1].debt ? 1 : -1))
          .map(([b]) => b);
      }
    }
    return view.liquidatable.filter((b) => (view.liquidatableFor.get(b) ?? 0) >= this.group.reactionDelayBlocks);
  }

  /**
   * On a live-spot market: the positions liquidatable at the price the market will read when this keeper's next
   * transaction runs (largest debt first), computed off-chain with the market's formulas.
   */
  private liveCandidates(view: View, live: { rules: MarketRules; amm: Reserves }): string[] {
    const price = feedSpot(live.amm, live.rules);
    return [...view.positions.entries()]
      .filter(([b, pos]) => pos.debt > 0n && !this.tried.has(b) && isLiquidatable(pos, live.rules, price))
      .filter(([b]) => (view.liquidatableFor.get(b) ?? 0) >= this.group.reactionDelayBlocks)
      .sort((a, b) => (b[1].debt > a[1].debt ? 1 : b[1].debt < a[1].debt ? -1 : 0))
      .map(([b]) => b);
  }

  /* FIXED BONUS WITH CAPITAL */

  private async liquidate(view: View, world: World): Promise<SentTx[]> {
    const capital = await world.debt.balanceOf(this.me.address);
    this.committed = 0n;
    this.tried.clear();
    const sent: SentTx[] = [];
    // On a live-spot market this keeper's own sales lower the price: once it has been through its targets, the
    // positions they made liquidatable are the next targets, until none is left or its actions are used up.
    for (;;) {
      const before = sent.length;
      const targets = await this.rank(this.candidates(view), capital, view, world);
      await this.liquidateRound(targets, capital, sent, view, world);
      if (!this.live || sent.length === before || sent.length >= this.actions) break;
    }
    return sent;
  }

  /** Borrowers this keeper has considered in the block being built (a live-spot keeper's rounds skip them). */
  private readonly tried = new Set<string>();

  /**
   * Most profitable first, by this keeper's own estimate at the state the block's first transaction meets (ties keep
   * the largest debt first). On a live-spot market positions with no profitable plan yet stay last (the price its
   * own sales move may make them pay); elsewhere they are dropped.
   */
  private async rank(candidates: string[], capital: bigint, view: View, world: World): Promise<string[]> {
    if (this.legacy) return candidates;
    const scored: [string, bigint][] = [];
    const rest: string[] = [];
    for (const b of candidates) {
      const p = await this.plan(b, capital, view, world);
      if (p && !(this.live && p.proceeds < p.repay)) scored.push([b, p.proceeds - p.repay]);
      else if (this.live) rest.push(b);
    }
    return [...scored.sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : 0)).map(([b]) => b), ...rest];
  }

  /** Liquidates `targets` in order, each sized at the state the keeper's transactions sent before it leave. */
  private async liquidateRound(
    targets: string[],
    capital: bigint,
    sent: SentTx[],
    view: View,
    world: World,
  ): Promise<void> {
    const atomic = this.execution === "atomic";
    const gasLimit = atomic ? GAS.atomic : GAS.liquidate;
    for (const borrower of targets) {
      this.tried.add(borrower);
      // Atomic: each transaction gets its repayment back with a profit or reverts, so capital is not used up.
      const free = atomic ? capital : capital - this.committed;
      if (sent.length >= this.actions || free <= 0n) break;
      const p = await this.plan(borrower, free, view, world);
      if (!p) continue;
      const { repay, seized, proceeds } = p;
      if (!this.worthIt(proceeds - repay, repay, gasLimit, view, world)) continue;
      this.stats.opportunities += 1;
      const to = atomic ? this.atomicLiquidator : world.addresses.pool;
      const fee = await this.fee(view, world, gasLimit, proceeds - repay, [world.addresses.pool, to]);
      const gasCost = weiToDebt(gasLimit * (view.baseFee + fee.maxPriorityFeePerGas), world);
      if (proceeds - repay - gasCost <= 0n) continue;
      const a = world.addresses;
      const data = atomic
        ? ATOMIC.encodeFunctionData("liquidateAndSell", [
            a.pool,
            borrower,
            a.collateral,
            repay,
            this.maxRepay(repay, view.positions.get(borrower)?.debt ?? 0n, free),
            a.amm,
            gasCost + this.margin(repay),
          ])
        : world.pool.interface.encodeFunctionData("liquidate", [borrower, a.collateral, repay, this.me.address, 0]);
      const tx = await this.submit(to, data, gasLimit, fee, view, world, {
        kind: atomic ? "atomic-liquidate" : "liquidate",
        borrower,
        expectedProfit: proceeds - repay,
      });
      if (!tx) return;
      sent.push(tx);
      this.committed += repay;
      if (!this.legacy) this.market = afterSale(this.market, seized, world.scenario.amm.feeBps);
      if (this.live && atomic) this.live.amm = afterSale(this.live.amm, seized, world.scenario.amm.feeBps);
    }
  }

  /** Capital this keeper's inventory liquidations have committed in the block being built. */
  private committed = 0n;

  /**
   * What an atomic liquidation lets AtomicLiquidator pull: the market repays the whole debt when only dust would
   * remain, so up to the debt plus the interest a block may add (`INTEREST_SLACK_BPS`), within `capital`; never less
   * than `repay`. The contract's minimum-proceeds check still guards the profit.
   */
  private maxRepay(repay: bigint, debt: bigint, capital: bigint): bigint {
    const cover = debt + (debt * INTEREST_SLACK_BPS) / 10_000n + 1n;
    const max = cover < capital ? cover : capital;
    return max > repay ? max : repay;
  }

  /**
   * What liquidating `borrower` would repay (at most `capital`), seize and bring back when the seized collateral is
   * sold at the reserves this keeper expects; null when there is nothing to repay.
   */
  private async plan(
    borrower: string,
    capital: bigint,
    view: View,
    world: World,
  ): Promise<{ repay: bigint; seized: bigint; proceeds: bigint } | null> {
    if (this.live) return this.livePlan(borrower, capital, view, world, this.live);
    const max = await view.previewMax(borrower);
    let repay = max.repay < capital ? max.repay : capital;
    // Estimate only (the market computes the exact amount): seized scales with the repayment.
    let seized = max.repay === 0n ? 0n : (max.seized * repay) / max.repay;
    if (this.group.strategy === "oracle-backrunner" && repay === 0n && view.pendingOracle) {
      // Not liquidatable yet at the visible price: size it at the pending price, as the back-runner expects.
      const pos = view.positions.get(borrower)!;
      repay = pos.debt / 2n < capital ? pos.debt / 2n : capital;
      seized = this.seizeAt(repay, view.pendingOracle.price, world);
    }
    if (this.sizing === "amm-depth" && max.repay > 0n) {
      const best = this.depthLimit(max, world);
      if (best < repay) {
        repay = best;
        seized = (max.seized * repay) / max.repay;
      }
    }
    if (repay === 0n) return null;
    return { repay, seized, proceeds: this.ammQuote(seized, world) };
  }

  /**
   * `plan` on a live-spot market, exact: the market's amounts at the price it will read when this transaction runs
   * (the AMM after the pending block and this keeper's atomic sales sent before it), sized by capital and the
   * group's sizing, the sale priced at the reserves this keeper expects.
   */
  private livePlan(
    borrower: string,
    capital: bigint,
    view: View,
    world: World,
    live: { rules: MarketRules; amm: Reserves },
  ): { repay: bigint; seized: bigint; proceeds: bigint } | null {
    const pos = view.positions.get(borrower);
    if (!pos) return null;
    const price = feedSpot(live.amm, live.rules);
    const max = previewMaxLiquidation(pos, live.rules, price);
    if (max.repay === 0n || max.seized === 0n) return null;
    let want = max.repay < capital ? max.repay : capital;
    if (this.sizing === "amm-depth") {
      const best = this.depthLimit(max, world);
      if (best < want) want = best;
    }
    if (want === 0n) return null;
    const { repaid, seized } =
      want < max.repay ? liquidationAmounts(pos, live.rules, price, want) : { repaid: max.repay, seized: max.seized };
    if (repaid === 0n || seized === 0n || repaid > capital) return null;
    return { repay: repaid, seized, proceeds: this.ammQuote(seized, world) };
  }

  /* FLASH */

  private async flashLiquidate(view: View, world: World): Promise<SentTx[]> {
    const sent: SentTx[] = [];
    let simulations = 0;
    for (const borrower of this.candidates(view)) {
      if (sent.length >= this.actions || simulations >= MAX_SIMULATIONS + (this.legacy ? 0 : this.actions)) break;
      const max = await view.previewMax(borrower);
      // Borrow at most a tenth of the AMM's debt reserve in one flash swap, or (amm-depth) the most that pays.
      const cap = this.sizing === "amm-depth" ? this.depthLimit(max, world) : view.reserves.debt / 10n;
      const repay = max.repay < cap ? max.repay : cap;
      if (repay === 0n) continue;
      // Cheap estimate first (the seized collateral sold at the AMM's reserves); simulate only what may pay.
      const seizedEstimate = (max.seized * repay) / max.repay;
      const estimate = this.ammQuote(seizedEstimate, world) - repay;
      if (!this.worthIt(estimate, repay, GAS.flash, view, world)) continue;
      const args = {
        market: world.addresses.pool,
        borrower,
        collateralAsset: world.addresses.collateral,
        repayAmount: repay,
      };
      let profit: bigint;
      simulations += 1;
      try {
        profit = await world.flash
          .connect(this.me.signer)
          .liquidateWithFlashSwap.staticCall(args, world.addresses.amm, 0, this.me.address);
      } catch {
        continue; // the simulation says it would revert: a real bot would not send it
      }
      if (!this.worthIt(profit, repay, GAS.flash, view, world)) continue;
      this.stats.opportunities += 1;
      const fee = await this.fee(view, world, GAS.flash, profit, [world.addresses.flash, world.addresses.pool]);
      const gasCost = weiToDebt(GAS.flash * (view.baseFee + fee.maxPriorityFeePerGas), world);
      if (profit <= gasCost) continue;
      const data = world.flash.interface.encodeFunctionData("liquidateWithFlashSwap", [
        args,
        world.addresses.amm,
        gasCost,
        this.me.address,
      ]);
      const tx = await this.submit(world.addresses.flash, data, GAS.flash, fee, view, world, {
        kind: "flash-liquidate",
        borrower,
        expectedProfit: profit,
      });
      if (!tx) break;
      sent.push(tx);
      if (!this.legacy) this.market = afterSale(this.market, seizedEstimate, world.scenario.amm.feeBps);
    }
    return sent;
  }

  /* AUCTIONS */

  private async kick(view: View, world: World): Promise<SentTx[]> {
    if (!world.auctions) return [];
    const sent: SentTx[] = [];
    const a = world.scenario.liquidation.auction;
    for (const borrower of this.candidates(view)) {
      if (sent.length >= this.actions) break;
      const pos = view.positions.get(borrower)!;
      const tab = (pos.debt * BigInt(10_000 + a.penaltyBps)) / 10_000n;
      const incentive = BigInt(Math.round(a.tip * 10 ** world.debtDecimals)) + (tab * BigInt(a.chipBps)) / 10_000n;
      this.stats.opportunities += 1;
      const fee = await this.fee(view, world, GAS.kick, incentive, [world.addresses.auctions]);
      if (incentive <= weiToDebt(GAS.kick * (view.baseFee + fee.maxPriorityFeePerGas), world)) continue;
      const data = world.auctions.interface.encodeFunctionData("kick", [
        world.addresses.pool,
        borrower,
        world.addresses.collateral,
        this.me.address,
      ]);
      const tx = await this.submit(world.addresses.auctions, data, GAS.kick, fee, view, world, {
        kind: "kick",
        borrower,
        expectedProfit: incentive,
      });
      if (!tx) break;
      sent.push(tx);
    }
    for (const auction of view.auctions) {
      if (sent.length >= this.actions || !auction.needsReset) continue;
      if (this.taken(auction.id.toString(16).padStart(64, "0"))) continue;
      const fee = await this.fee(view, world, GAS.redo, 0n, [world.addresses.auctions]);
      const data = world.auctions.interface.encodeFunctionData("redo", [auction.id, this.me.address]);
      const tx = await this.submit(world.addresses.auctions, data, GAS.redo, fee, view, world, {
        kind: "redo",
        borrower: auction.borrower,
        expectedProfit: 0n,
      });
      if (!tx) break;
      sent.push(tx);
    }
    return sent;
  }

  private async takeAuctions(view: View, world: World, flash: boolean): Promise<SentTx[]> {
    if (!world.auctions) return [];
    const sent: SentTx[] = [];
    let capital = flash ? 0n : await world.debt.balanceOf(this.me.address);
    const unit = 10n ** BigInt(world.collateralDecimals + 18 - world.debtDecimals);
    for (const a of view.auctions) {
      if (sent.length >= this.actions || a.needsReset || (a.price === 0n && !flash)) continue;
      if (this.taken(a.id.toString(16).padStart(64, "0"))) continue;
      // Buy what capital allows (flash: the whole lot), then check what the AMM would pay for it.
      let lot = a.collateral;
      if (!flash) {
        const affordable = (capital * unit) / (a.price === 0n ? 1n : a.price);
        if (affordable < lot) lot = affordable;
      }
      if (lot === 0n) continue;
      const owe = (lot * a.price + unit - 1n) / unit;
      const proceeds = this.ammQuote(lot, world);
      if (!this.worthIt(proceeds - owe, owe, flash ? GAS.flash : GAS.take, view, world)) continue;
      this.stats.opportunities += 1;
      const fee = await this.fee(view, world, GAS.take, proceeds - owe, [
        world.addresses.auctions,
        world.addresses.flash,
      ]);
      const gasCost = weiToDebt((flash ? GAS.flash : GAS.take) * (view.baseFee + fee.maxPriorityFeePerGas), world);
      if (proceeds - owe - gasCost <= 0n) continue;
      const data = flash
        ? world.flash.interface.encodeFunctionData("takeAndSell", [
            world.addresses.auctions,
            a.id,
            lot,
            a.price,
            world.addresses.amm,
            gasCost,
            this.me.address,
          ])
        : world.auctions.interface.encodeFunctionData("take", [a.id, lot, a.price, this.me.address, "0x"]);
      const to = flash ? world.addresses.flash : world.addresses.auctions;
      const tx = await this.submit(to, data, flash ? GAS.flash : GAS.take, fee, view, world, {
        kind: flash ? "flash-take" : "take",
        borrower: a.borrower,
        expectedProfit: proceeds - owe,
        // Competing takes name the same auction id, not the borrower.
        opportunity: a.id.toString(16).padStart(64, "0"),
      });
      if (!tx) break;
      sent.push(tx);
      capital -= owe;
      if (!this.legacy) this.market = afterSale(this.market, lot, world.scenario.amm.feeBps);
    }
    return sent;
  }

  /* HELPERS */

  /** Sells (a market sale: no minimum out) what the sale policy releases of the `balance` of unsold collateral. */
  private async sellInventory(balance: bigint, view: View, world: World): Promise<SentTx | null> {
    const amount = this.releasable(balance);
    if (amount === 0n) return null;
    const fee = await this.fee(view, world, GAS.sell, 0n, []);
    const data = world.router.interface.encodeFunctionData("swapExactTokensForTokens", [
      world.addresses.amm,
      world.addresses.collateral,
      amount,
      0,
      this.me.address,
      DEADLINE,
    ]);
    const tx = await this.submit(world.addresses.router, data, GAS.sell, fee, view, world, {
      kind: "sell",
      expectedProfit: 0n,
    });
    if (tx && this.sale.policy === "spread") this.release(amount);
    return tx;
  }

  /**
   * Collateral the sale policy sells this block out of `balance`: all of it (next-block), none (hold), or one part
   * of every lot (spread: each new lot — collateral that arrived since the last look — is cut into `blocks` parts,
   * rounded up, so it is gone after `blocks` sales).
   */
  private releasable(balance: bigint): bigint {
    if (this.sale.policy === "hold") return 0n;
    if (this.sale.policy === "next-block") return balance;
    if (balance > this.tracked) {
      const lot = balance - this.tracked;
      const n = BigInt(this.sale.blocks);
      this.lots.push({ left: lot, part: (lot + n - 1n) / n });
    } else if (balance < this.tracked) {
      // Less than the lots say (collateral left some other way): the oldest lots are taken as gone.
      let gone = this.tracked - balance;
      while (gone > 0n && this.lots.length) {
        const cut = this.lots[0].left < gone ? this.lots[0].left : gone;
        this.lots[0].left -= cut;
        gone -= cut;
        if (this.lots[0].left === 0n) this.lots.shift();
      }
    }
    this.tracked = balance;
    let amount = 0n;
    for (const l of this.lots) amount += l.left < l.part ? l.left : l.part;
    return amount;
  }

  /** Books a sent spread sale: one part off every lot. */
  private release(amount: bigint) {
    let left = amount;
    for (const l of this.lots) {
      const cut = l.left < l.part ? l.left : l.part;
      l.left -= cut;
      left -= cut;
    }
    this.lots = this.lots.filter((l) => l.left > 0n);
    this.tracked -= amount - left;
  }

  /** The repayment that earns most when its seized collateral is sold at the reserves this keeper expects. */
  private depthLimit(max: { repay: bigint; seized: bigint }, world: World): bigint {
    return profitMaximizingRepay(max.seized, max.repay, this.market, world.scenario.amm.feeBps);
  }

  /** What the AMM pays for `amountIn` collateral at the reserves this keeper expects. */
  private ammQuote(amountIn: bigint, world: World): bigint {
    return saleProceeds(amountIn, this.market, world.scenario.amm.feeBps);
  }

  /** The group's required margin on an amount repaid or paid (`minMarginBps`), debt base units. */
  private margin(amount: bigint): bigint {
    return (amount * BigInt(this.group.minMarginBps)) / 10_000n;
  }

  private seizeAt(repay: bigint, price: number, world: World): bigint {
    const bonus = BigInt(world.scenario.market.collateral.liquidationBonusBps);
    const priceWad = BigInt(Math.round(price * 1e8)) * 10n ** 10n;
    const unit = 10n ** BigInt(world.collateralDecimals + 18 - world.debtDecimals);
    return (repay * (10_000n + bonus) * unit) / (priceWad * 10_000n);
  }

  private fee(view: View, world: World, gasLimit: bigint, profit: bigint, targets: string[]): Promise<FeeQuote> {
    return priorityFee(this.policy, view, world, gasLimit, profit, targets, this.me.address);
  }

  /** Expected profit must beat the gas at the base fee and the group's required margin on `amount`. */
  private worthIt(profit: bigint, amount: bigint, gasLimit: bigint, view: View, world: World): boolean {
    return profit > weiToDebt(gasLimit * view.baseFee, world) + this.margin(amount);
  }

  /**
   * Sends a transaction with an explicit nonce (so that it can be replaced in a later bidding round), unless the
   * keeper cannot pay its worst-case cost (gas limit x max fee) on top of what it has sent this block: a node would
   * refuse it, or fail it when the block is built. Returns null then.
   */
  private async submit(
    to: string,
    data: string,
    gasLimit: bigint,
    fee: FeeQuote,
    view: View,
    world: World,
    meta: { kind: TxKind; borrower?: string; expectedProfit: bigint; opportunity?: string },
    nonce?: number,
    replaces?: Bid,
  ): Promise<SentTx | null> {
    const upfront = gasLimit * fee.maxFeePerGas;
    const released = replaces ? replaces.gasLimit * replaces.fee.maxFeePerGas : 0n;
    if (upfront > this.spendable + released) return null;
    const n = nonce ?? this.nonce;
    try {
      // Straight to the node (one RPC call): every field is set, so the signer's own look-ups would only add round
      // trips (chain id, then fetching the transaction back).
      const tx = {
        hash: await world.chain.send<string>("eth_sendTransaction", [
          {
            from: this.me.address,
            to,
            data,
            gas: toQuantity(gasLimit),
            nonce: toQuantity(n),
            maxFeePerGas: toQuantity(fee.maxFeePerGas),
            maxPriorityFeePerGas: toQuantity(fee.maxPriorityFeePerGas),
          },
        ]),
      };
      this.spendable = this.spendable + released - upfront;
      if (nonce === undefined) this.nonce += 1;
      const bid: Bid = { hash: tx.hash, to, data, gasLimit, fee, nonce: n, ...meta };
      if (replaces) this.bids.splice(this.bids.indexOf(replaces), 1, bid);
      else this.bids.push(bid);
      return {
        hash: tx.hash,
        agent: this.name,
        from: this.me.address,
        kind: meta.kind,
        keeper: true,
        borrower: meta.borrower,
        sentBlock: view.block,
        priorityFee: fee.maxPriorityFeePerGas,
        replaces: replaces?.hash,
      };
    } catch (e) {
      const err = e as { message?: string; error?: { message?: string }; info?: unknown };
      const text = `${err.message ?? ""} ${err.error?.message ?? ""} ${JSON.stringify(err.info ?? "")}`;
      if (/insufficient funds|enough funds/i.test(text)) return null;
      throw e;
    }
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

/** A transaction a keeper has pending, kept so that it can be replaced with a higher fee. */
interface Bid {
  hash: string;
  to: string;
  data: string;
  gasLimit: bigint;
  fee: FeeQuote;
  nonce: number;
  kind: TxKind;
  borrower?: string;
  expectedProfit: bigint;
  /** The calldata word that identifies the opportunity (borrower address or auction id), 64 hex digits. */
  opportunity?: string;
}

const feeBpsOf = (world: World) => world.scenario.amm.feeBps;

/** The calldata word that names an address (64 hex digits, lowercase). */
const word = (address: string) => address.slice(2).toLowerCase().padStart(64, "0");
