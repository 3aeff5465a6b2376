/**
 * Keepers, one class with a strategy each (the scenario's `keepers[].strategy`):
 * - `fixed-bonus`: repays with its own capital, receives collateral, sells it into the AMM in its next block;
 * - `gas-bidder`: the same, outbidding the best pending competitor (priority gas auction);
 * - `oracle-backrunner`: the same, but reads the oracle's pending answer and lands its liquidation in the very
 *   block that answer becomes visible, instead of reacting a block later;
 * - `flash`: no inventory, FlashLiquidator for fixed-bonus liquidations and auction takes, simulated first;
 * - `auction-kicker`: kicks auctions on liquidatable positions and resets stale ones, for the incentive;
 * - `auction-taker`: takes auctions with its own capital when the price is below what the AMM pays.
 * Every decision is priced: expected profit net of gas (at the scenario's native token price) must be positive.
 */
import type { World, Agent } from "../sim/world";
import type { KeeperGroup } from "../sim/scenario";
import type { SentTx, SimAgent, View, TxKind } from "./types";
import { weiToDebt } from "./types";
import { priorityFee, pgaCap, type FeeQuote } from "./fees";
import { toQuantity } from "ethers";
import { profitMaximizingRepay } from "./sizing";

const DEADLINE = 2n ** 40n;
const MAX_ACTIONS_PER_BLOCK = 3;
/** Candidates a keeper examines per block, largest debts first (bots bound their per-block work too). */
const MAX_CANDIDATES = 40;
/** Transactions a flash keeper simulates per block before sending (each is a full eth_call). */
const MAX_SIMULATIONS = 6;
/** Gas limits pinned per action (Hardhat's priority ordering misbehaves with estimated gas). */
const GAS = { liquidate: 400_000n, flash: 600_000n, kick: 800_000n, take: 400_000n, redo: 300_000n, sell: 200_000n };

export class Keeper implements SimAgent {
  readonly keeper = true;
  private readonly policy: KeeperGroup["priorityFee"];

  constructor(
    readonly name: string,
    private readonly me: Agent,
    private readonly group: KeeperGroup,
  ) {
    this.policy =
      group.strategy === "gas-bidder" && group.priorityFee.policy !== "outbid"
        ? { policy: "outbid", incrementGwei: 1, maxGwei: 500 }
        : group.priorityFee;
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

  async act(view: View, world: World): Promise<SentTx[]> {
    this.spendable = await world.hre.ethers.provider.getBalance(this.me.address);
    // "latest", not "pending": the engine drops every keeper transaction that missed its block, so none of ours is
    // pending when a block starts (and the pending count costs the node a walk over its mempool).
    this.nonce = await world.hre.ethers.provider.getTransactionCount(this.me.address, "latest");
    this.bids = [];
    const sent = await this.compete(view, world);
    // The sale of last block's collateral goes last: a sender's transactions run in nonce order, so a cheap sale
    // sent first would hold back every bid behind it.
    const s = this.group.strategy;
    if (s === "fixed-bonus" || s === "gas-bidder" || s === "oracle-backrunner" || s === "auction-taker") {
      const sale = await this.sellInventory(view, world);
      if (sale) sent.push(sale);
    }
    return sent;
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
    return this.allCandidates(view).slice(0, MAX_CANDIDATES);
  }

  private allCandidates(view: View): string[] {
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

  /* FIXED BONUS WITH CAPITAL */

  private async liquidate(view: View, world: World): Promise<SentTx[]> {
    const sent: SentTx[] = [];
    let capital = await world.debt.balanceOf(this.me.address);
    for (const borrower of this.candidates(view)) {
      if (sent.length >= MAX_ACTIONS_PER_BLOCK || capital === 0n) break;
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
      if (this.group.sizing === "amm-depth" && max.repay > 0n) {
        const best = this.depthLimit(max, view, world);
        if (best < repay) {
          repay = best;
          seized = (max.seized * repay) / max.repay;
        }
      }
      if (repay === 0n) continue;
      const proceeds = this.ammQuote(seized, view, world);
      if (!this.worthIt(proceeds - repay, repay, GAS.liquidate, view, world)) continue;
      this.stats.opportunities += 1;
      const fee = await this.fee(view, world, GAS.liquidate, proceeds - repay, [world.addresses.pool]);
      const gasCost = weiToDebt(GAS.liquidate * (view.baseFee + fee.maxPriorityFeePerGas), world);
      if (proceeds - repay - gasCost <= 0n) continue;
      const data = world.pool.interface.encodeFunctionData("liquidate", [
        borrower,
        world.addresses.collateral,
        repay,
        this.me.address,
        0,
      ]);
      const tx = await this.submit(world.addresses.pool, data, GAS.liquidate, fee, view, world, {
        kind: "liquidate",
        borrower,
        expectedProfit: proceeds - repay,
      });
      if (!tx) break;
      sent.push(tx);
      capital -= repay;
    }
    return sent;
  }

  /* FLASH */

  private async flashLiquidate(view: View, world: World): Promise<SentTx[]> {
    const sent: SentTx[] = [];
    let simulations = 0;
    for (const borrower of this.candidates(view)) {
      if (sent.length >= MAX_ACTIONS_PER_BLOCK || simulations >= MAX_SIMULATIONS) break;
      const max = await view.previewMax(borrower);
      // Borrow at most a tenth of the AMM's debt reserve in one flash swap, or (amm-depth) the most that pays.
      const cap = this.group.sizing === "amm-depth" ? this.depthLimit(max, view, world) : view.reserves.debt / 10n;
      const repay = max.repay < cap ? max.repay : cap;
      if (repay === 0n) continue;
      // Cheap estimate first (the seized collateral sold at the AMM's reserves); simulate only what may pay.
      const seizedEstimate = (max.seized * repay) / max.repay;
      const estimate = this.ammQuote(seizedEstimate, view, world) - repay;
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
    }
    return sent;
  }

  /* AUCTIONS */

  private async kick(view: View, world: World): Promise<SentTx[]> {
    if (!world.auctions) return [];
    const sent: SentTx[] = [];
    const a = world.scenario.liquidation.auction;
    for (const borrower of this.candidates(view)) {
      if (sent.length >= MAX_ACTIONS_PER_BLOCK) break;
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
      if (sent.length >= MAX_ACTIONS_PER_BLOCK || !auction.needsReset) continue;
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
      if (sent.length >= MAX_ACTIONS_PER_BLOCK || a.needsReset || (a.price === 0n && !flash)) continue;
      // Buy what capital allows (flash: the whole lot), then check what the AMM would pay for it.
      let lot = a.collateral;
      if (!flash) {
        const affordable = (capital * unit) / (a.price === 0n ? 1n : a.price);
        if (affordable < lot) lot = affordable;
      }
      if (lot === 0n) continue;
      const owe = (lot * a.price + unit - 1n) / unit;
      const proceeds = this.ammQuote(lot, view, world);
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
    }
    return sent;
  }

  /* HELPERS */

  /** Sells the whole collateral inventory into the AMM (a market sale: no minimum out). */
  private async sellInventory(view: View, world: World): Promise<SentTx | null> {
    const balance = await world.collateral.balanceOf(this.me.address);
    if (balance === 0n) return null;
    const fee = await this.fee(view, world, GAS.sell, 0n, []);
    const data = world.router.interface.encodeFunctionData("swapExactTokensForTokens", [
      world.addresses.amm,
      world.addresses.collateral,
      balance,
      0,
      this.me.address,
      DEADLINE,
    ]);
    return this.submit(world.addresses.router, data, GAS.sell, fee, view, world, { kind: "sell", expectedProfit: 0n });
  }

  /** The repayment that earns most when its seized collateral is sold into the AMM at this block's reserves. */
  private depthLimit(max: { repay: bigint; seized: bigint }, view: View, world: World): bigint {
    return profitMaximizingRepay(max.seized, max.repay, view.reserves, world.scenario.amm.feeBps);
  }

  private ammQuote(amountIn: bigint, view: View, world: World): bigint {
    const feeBps = BigInt(world.scenario.amm.feeBps);
    const { collateral: x, debt: y } = view.reserves;
    const inWithFee = amountIn * (10_000n - feeBps);
    return (inWithFee * y) / (x * 10_000n + inWithFee);
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
    const margin = (amount * BigInt(this.group.minMarginBps)) / 10_000n;
    return profit > weiToDebt(gasLimit * view.baseFee, world) + margin;
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
