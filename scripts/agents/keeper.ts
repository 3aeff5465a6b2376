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
import { priorityFee, type FeeQuote } from "./fees";

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

  async act(view: View, world: World): Promise<SentTx[]> {
    this.spendable = await world.hre.ethers.provider.getBalance(this.me.address);
    const sent: SentTx[] = [];
    const s = this.group.strategy;
    if (s === "fixed-bonus" || s === "gas-bidder" || s === "oracle-backrunner" || s === "auction-taker") {
      const sale = await this.sellInventory(view, world);
      if (sale) sent.push(sale);
    }
    if (s === "auction-kicker") return [...sent, ...(await this.kick(view, world))];
    if (s === "auction-taker") return [...sent, ...(await this.takeAuctions(view, world, false))];
    if (s === "flash") {
      if (world.auctions) sent.push(...(await this.takeAuctions(view, world, true)));
      if (world.scenario.liquidation.mechanism !== "dutch-auction")
        sent.push(...(await this.flashLiquidate(view, world)));
      return sent;
    }
    if (world.scenario.liquidation.mechanism === "dutch-auction") return sent;
    return [...sent, ...(await this.liquidate(view, world))];
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
      if (repay === 0n) continue;
      const proceeds = this.ammQuote(seized, view, world);
      const fee = await this.fee(view, world, GAS.liquidate, proceeds - repay, [world.addresses.pool]);
      const gasCost = weiToDebt(GAS.liquidate * (view.baseFee + fee.maxPriorityFeePerGas), world);
      if (proceeds - repay - gasCost <= 0n) continue;
      const tx = await this.send(GAS.liquidate, fee, () =>
        world.pool.connect(this.me.signer).liquidate(borrower, world.addresses.collateral, repay, this.me.address, 0, {
          gasLimit: GAS.liquidate,
          ...fee,
        }),
      );
      if (!tx) break;
      sent.push(this.record(tx, "liquidate", view, borrower));
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
      // Borrow at most a tenth of the AMM's debt reserve in one flash swap.
      const repay = max.repay < view.reserves.debt / 10n ? max.repay : view.reserves.debt / 10n;
      if (repay === 0n) continue;
      // Cheap estimate first (the seized collateral sold at the AMM's reserves); simulate only what may pay.
      const seizedEstimate = (max.seized * repay) / max.repay;
      const estimate = this.ammQuote(seizedEstimate, view, world) - repay;
      if (estimate <= weiToDebt(GAS.flash * view.baseFee, world)) continue;
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
      const fee = await this.fee(view, world, GAS.flash, profit, [world.addresses.flash, world.addresses.pool]);
      const gasCost = weiToDebt(GAS.flash * (view.baseFee + fee.maxPriorityFeePerGas), world);
      if (profit <= gasCost) continue;
      const tx = await this.send(GAS.flash, fee, () =>
        world.flash
          .connect(this.me.signer)
          .liquidateWithFlashSwap(args, world.addresses.amm, gasCost, this.me.address, { gasLimit: GAS.flash, ...fee }),
      );
      if (!tx) break;
      sent.push(this.record(tx, "flash-liquidate", view, borrower));
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
      const fee = await this.fee(view, world, GAS.kick, incentive, [world.addresses.auctions]);
      if (incentive <= weiToDebt(GAS.kick * (view.baseFee + fee.maxPriorityFeePerGas), world)) continue;
      const tx = await this.send(GAS.kick, fee, () =>
        world
          .auctions!.connect(this.me.signer)
          .kick(world.addresses.pool, borrower, world.addresses.collateral, this.me.address, {
            gasLimit: GAS.kick,
            ...fee,
          }),
      );
      if (!tx) break;
      sent.push(this.record(tx, "kick", view, borrower));
    }
    for (const auction of view.auctions) {
      if (sent.length >= MAX_ACTIONS_PER_BLOCK || !auction.needsReset) continue;
      const fee = await this.fee(view, world, GAS.redo, 0n, [world.addresses.auctions]);
      const tx = await this.send(GAS.redo, fee, () =>
        world.auctions!.connect(this.me.signer).redo(auction.id, this.me.address, { gasLimit: GAS.redo, ...fee }),
      );
      if (!tx) break;
      sent.push(this.record(tx, "redo", view, auction.borrower));
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
      const fee = await this.fee(view, world, GAS.take, proceeds - owe, [
        world.addresses.auctions,
        world.addresses.flash,
      ]);
      const gasCost = weiToDebt((flash ? GAS.flash : GAS.take) * (view.baseFee + fee.maxPriorityFeePerGas), world);
      if (proceeds - owe - gasCost <= 0n) continue;
      const tx = await this.send(flash ? GAS.flash : GAS.take, fee, () =>
        flash
          ? world.flash
              .connect(this.me.signer)
              .takeAndSell(
                world.addresses.auctions,
                a.id,
                lot,
                a.price,
                world.addresses.amm,
                gasCost,
                this.me.address,
                {
                  gasLimit: GAS.flash,
                  ...fee,
                },
              )
          : world
              .auctions!.connect(this.me.signer)
              .take(a.id, lot, a.price, this.me.address, "0x", { gasLimit: GAS.take, ...fee }),
      );
      if (!tx) break;
      sent.push(this.record(tx, flash ? "flash-take" : "take", view, a.borrower));
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
    const tx = await this.send(GAS.sell, fee, () =>
      world.router
        .connect(this.me.signer)
        .swapExactTokensForTokens(
          world.addresses.amm,
          world.addresses.collateral,
          balance,
          0,
          this.me.address,
          DEADLINE,
          {
            gasLimit: GAS.sell,
            ...fee,
          },
        ),
    );
    return tx ? this.record(tx, "sell", view) : null;
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

  /**
   * Sends unless the keeper cannot pay the worst-case cost (gas limit x max fee) on top of what it has already sent
   * this block: a node would refuse it, or fail it when the block is built. Returns null then.
   */
  private async send(
    gasLimit: bigint,
    fee: FeeQuote,
    fn: () => Promise<{ hash: string }>,
  ): Promise<{ hash: string } | null> {
    const upfront = gasLimit * fee.maxFeePerGas;
    if (upfront > this.spendable) return null;
    this.spendable -= upfront;
    try {
      return await fn();
    } catch (e) {
      const err = e as { message?: string; error?: { message?: string }; info?: unknown };
      const text = `${err.message ?? ""} ${err.error?.message ?? ""} ${JSON.stringify(err.info ?? "")}`;
      if (/insufficient funds|enough funds/i.test(text)) return null;
      throw e;
    }
  }

  private record(tx: { hash: string }, kind: TxKind, view: View, borrower?: string): SentTx {
    return { hash: tx.hash, agent: this.name, kind, keeper: true, borrower, sentBlock: view.block };
  }
}
