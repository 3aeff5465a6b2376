/**
 * Fixed-bonus strategies: the candidates a keeper examines, liquidations with its own capital (atomic or inventory,
 * ranked by its own expected profit, planned off-chain on a live-spot market) and flash liquidations (simulated first).
 */
import type { World } from "../sim/world/types";
import type { SentTx, View } from "./types";
import { weiToDebt } from "./types";
import {
  afterSale,
  feedSpot,
  isLiquidatable,
  liquidationAmounts,
  previewMaxLiquidation,
  type MarketRules,
  type Reserves,
} from "../sim/market-math";
import type { MarketAdapter } from "../adapters/market-adapter";
import { AdapterLiquidator__factory } from "../../typechain-types";
import { GAS, MAX_CANDIDATES, ATOMIC, INTEREST_SLACK_BPS, MAX_SIMULATIONS, word } from "./keeper-base";
import { KeeperAuctions } from "./keeper-auctions";
import { decodeResult, encodeCall } from "../sim/calldata";

const ADAPTER_ATOMIC = AdapterLiquidator__factory.createInterface();

export abstract class KeeperLiquidations extends KeeperAuctions {
  /* CANDIDATES */

  protected candidates(view: View): string[] {
    if (this.legacy) return this.allCandidates(view).slice(0, MAX_CANDIDATES);
    // The first MAX_CANDIDATES + actions not named by a competitor's pending transaction, in order. The check stops
    // there: in a large cascade most positions are liquidatable, and checking each against every pending input was
    // most of the keepers' own time (a 2,500-borrower run: 8.6 s of 36.9 s).
    const want = MAX_CANDIDATES + this.actions;
    const out: string[] = [];
    for (const b of this.allCandidates(view)) {
      if (out.length >= want) break;
      if (!this.taken(word(b))) out.push(b);
    }
    return out;
  }

  protected allCandidates(view: View): string[] {
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
  protected liveCandidates(view: View, live: { rules: MarketRules; amm: Reserves }): string[] {
    const price = feedSpot(live.amm, live.rules);
    return [...view.positions.entries()]
      .filter(([b, pos]) => pos.debt > 0n && !this.tried.has(b) && isLiquidatable(pos, live.rules, price))
      .filter(([b]) => (view.liquidatableFor.get(b) ?? 0) >= this.group.reactionDelayBlocks)
      .sort((a, b) => (b[1].debt > a[1].debt ? 1 : b[1].debt < a[1].debt ? -1 : 0))
      .map(([b]) => b);
  }

  /* FIXED BONUS WITH CAPITAL */

  protected async liquidate(view: View, world: World): Promise<SentTx[]> {
    this.committed = 0n;
    this.tried.clear();
    const sent: SentTx[] = [];
    // Its balance is read once it has a candidate: a bot does not read its wallet in a block with nothing to do.
    let capital: bigint | null = null;
    // On a live-spot market this keeper's own sales lower the price: once it has been through its targets, the
    // positions they made liquidatable are the next targets, until none is left or its actions are used up.
    for (;;) {
      const before = sent.length;
      const candidates = this.candidates(view);
      if (candidates.length === 0) break;
      capital ??= await view.balance("debt", this.me.address);
      const targets = await this.rank(candidates, capital, view, world);
      await this.liquidateRound(targets, capital, sent, view, world);
      if (!this.live || sent.length === before || sent.length >= this.actions) break;
    }
    return sent;
  }

  /** Borrowers this keeper has considered in the block being built (a live-spot keeper's rounds skip them). */
  protected readonly tried = new Set<string>();

  /**
   * Most profitable first, by this keeper's own estimate at the state the block's first transaction meets (ties keep
   * the largest debt first). On a live-spot market positions with no profitable plan yet stay last (the price its
   * own sales move may make them pay); elsewhere they are dropped.
   */
  protected async rank(candidates: string[], capital: bigint, view: View, world: World): Promise<string[]> {
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
  protected async liquidateRound(
    targets: string[],
    capital: bigint,
    sent: SentTx[],
    view: View,
    world: World,
  ): Promise<void> {
    const atomic = this.execution === "atomic";
    // Another protocol's market goes through the generic adapter path; the lab's keeps its own keeper contracts.
    const adapter = world.market.protocol === "lab" ? null : world.market;
    const gasLimit = adapter
      ? atomic
        ? GAS.adapterAtomic
        : GAS.adapterLiquidate
      : atomic
        ? GAS.atomic
        : GAS.liquidate;
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
      const market = adapter ? (await adapter.approvals())[0].spender : world.addresses.pool;
      const to = atomic ? this.atomicLiquidator : market;
      const fee = await this.fee(view, world, gasLimit, proceeds - repay, [market, to]);
      const gasCost = weiToDebt(gasLimit * (view.baseFee + fee.maxPriorityFeePerGas), world);
      if (proceeds - repay - gasCost <= 0n) continue;
      const a = world.addresses;
      const pull = this.maxRepay(repay, view.positions.get(borrower)?.debt ?? 0n, free);
      const data = adapter
        ? await this.adapterCall(adapter, borrower, repay, atomic, pull, gasCost + this.margin(repay), world)
        : atomic
          ? encodeCall(ATOMIC, "liquidateAndSell", [
              a.pool,
              borrower,
              a.collateral,
              repay,
              pull,
              a.amm,
              gasCost + this.margin(repay),
            ])
          : world.lab.liquidateCalldata(borrower, a.collateral, repay, this.me.address);
      if (data === null) continue;
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

  /**
   * The calldata of a liquidation on another protocol's market: the adapter's own liquidation transaction, sent by this
   * keeper (inventory) or wrapped in AdapterLiquidator (atomic: the contract liquidates, sells, pays the keeper).
   * Null when the adapter cannot build it (Morpho: an amount that repays no borrow share).
   */
  protected async adapterCall(
    adapter: MarketAdapter,
    borrower: string,
    repay: bigint,
    atomic: boolean,
    pull: bigint,
    minProfit: bigint,
    world: World,
  ): Promise<string | null> {
    const a = world.addresses;
    const liquidator = atomic ? this.atomicLiquidator : this.me.address;
    let tx;
    try {
      tx = await adapter.liquidationTx(liquidator, borrower, a.collateral, repay);
    } catch {
      return null;
    }
    if (!tx.to || !tx.data) return null;
    if (!atomic) return tx.data;
    return ADAPTER_ATOMIC.encodeFunctionData("liquidateAndSell", [
      tx.to,
      tx.data,
      a.debt,
      a.collateral,
      a.amm,
      pull,
      minProfit,
    ]);
  }

  /** Capital this keeper's inventory liquidations have committed in the block being built. */
  protected committed = 0n;

  /**
   * What an atomic liquidation lets AtomicLiquidator pull: the market repays the whole debt when only dust would
   * remain, so up to the debt plus the interest a block may add (`INTEREST_SLACK_BPS`), within `capital`; never less
   * than `repay`. The contract's minimum-proceeds check still guards the profit.
   */
  protected maxRepay(repay: bigint, debt: bigint, capital: bigint): bigint {
    const cover = debt + (debt * INTEREST_SLACK_BPS) / 10_000n + 1n;
    const max = cover < capital ? cover : capital;
    return max > repay ? max : repay;
  }

  /**
   * What liquidating `borrower` would repay (at most `capital`), seize and bring back when the seized collateral is
   * sold at the reserves this keeper expects; null when there is nothing to repay.
   */
  protected async plan(
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
  protected livePlan(
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

  protected async flashLiquidate(view: View, world: World): Promise<SentTx[]> {
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
        // An eth_call from this keeper (as ethers' staticCall sends it), encoded and decoded by `calldata.ts`.
        const call = encodeCall(world.flash.interface, "liquidateWithFlashSwap", [
          args,
          world.addresses.amm,
          0,
          this.me.address,
        ]);
        const ret = await world.chain.send<string>("eth_call", [
          { from: this.me.address, to: world.addresses.flash, data: call },
          "latest",
        ]);
        profit = decodeResult(world.flash.interface, "liquidateWithFlashSwap", ret)[0] as bigint;
      } catch {
        continue; // the simulation says it would revert: a real bot would not send it
      }
      if (!this.worthIt(profit, repay, GAS.flash, view, world)) continue;
      this.stats.opportunities += 1;
      const fee = await this.fee(view, world, GAS.flash, profit, [world.addresses.flash, world.addresses.pool]);
      const gasCost = weiToDebt(GAS.flash * (view.baseFee + fee.maxPriorityFeePerGas), world);
      if (profit <= gasCost) continue;
      const data = encodeCall(world.flash.interface, "liquidateWithFlashSwap", [
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
}
