/** Auction strategies: kicking (and resetting) auctions for the incentive, and taking them with capital or a flash swap. */
import type { World } from "../sim/world/types";
import type { SentTx, View } from "./types";
import { weiToDebt } from "./types";
import { afterSale } from "../sim/market-math";
import { KeeperBase, GAS } from "./keeper-base";

export abstract class KeeperAuctions extends KeeperBase {
  /** The positions this keeper examines this block (`keeper-liquidations.ts`). */
  protected abstract candidates(view: View): string[];

  /* AUCTIONS */

  protected async kick(view: View, world: World): Promise<SentTx[]> {
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

  protected async takeAuctions(view: View, world: World, flash: boolean): Promise<SentTx[]> {
    if (!world.auctions || view.auctions.length === 0) return [];
    const sent: SentTx[] = [];
    let capital = flash ? 0n : await view.balance("debt", this.me.address);
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
}
