/**
 * A keeper's books: turns its mined transactions' decoded events into liquidation records and block totals, and
 * attributes its later sales of seized collateral to its oldest unsold liquidations (FIFO). Atomic and flash
 * liquidations sell within the same transaction.
 */
import type { LiquidationRecord } from "../sim/metrics";
import { fromFixedUnits } from "../sim/wad";
import type { World } from "../sim/world/types";
import { is } from "../sim/engine/events";
import { liquidationRecord, ratioPrice, type Landing } from "../sim/engine/records";
import type { MinedContext, MinedOutcome, MinedTx } from "./types";

export class KeeperLedger {
  /** Liquidation records whose collateral this keeper has not sold yet (FIFO). */
  private readonly unsold: LiquidationRecord[] = [];

  /** Books one mined transaction of the keeper's (a reverted one produces nothing). */
  onMined({ tx, receipt, events }: MinedTx, ctx: MinedContext): MinedOutcome {
    if (receipt.status !== 1) return {};
    const w = ctx.world;
    const at: Landing = {
      block: ctx.block,
      chainBlock: receipt.blockNumber,
      txHash: receipt.hash,
      actor: tx.agent,
      liquidator: tx.from ?? "",
      externalPrice: ctx.externalPrice,
      market: ctx.market,
      asset: ctx.asset,
    };
    let grossProfit = 0n;
    let collateralSold = 0n;
    let flashProfit = 0n;
    /** The sale inside an atomic liquidation (AtomicLiquidator sells every seized unit in the same transaction). */
    let atomicSale: { sold: bigint; proceeds: bigint } | null = null;
    const isFlash = tx.kind === "flash-liquidate" || tx.kind === "flash-take";
    const sells = tx.kind === "sell" || tx.kind === "atomic-liquidate";
    const collateralIs0 = w.addresses.collateral.toLowerCase() < w.addresses.debt.toLowerCase();
    const flash = w.addresses.flash.toLowerCase();
    const records: LiquidationRecord[] = [];
    for (const e of events) {
      if (is(e, "pool:Liquidation")) {
        const { borrower, repaid, seized, price } = e.args;
        grossProfit -= repaid;
        records.push(liquidationRecord("fixed-bonus", at, borrower, repaid, seized, fromFixedUnits(price, 18)));
      } else if (is(e, "auctions:Kick")) {
        grossProfit += e.args.incentive; // the keeper's incentive
      } else if (is(e, "auctions:Take")) {
        grossProfit -= e.args.owe;
        const borrower = ctx.auctionBorrower(e.args.id) ?? "";
        // The oracle price is filled in from the block's record (a take does not read the oracle).
        records.push(liquidationRecord("auction-take", at, borrower, e.args.owe, e.args.collateral, 0));
      } else if (is(e, "auctions:Redo")) {
        grossProfit += e.args.incentive;
      } else if (is(e, "amm:Swap") && sells) {
        const sold = collateralIs0 ? e.args.amount0In : e.args.amount1In;
        const proceeds = collateralIs0 ? e.args.amount1Out : e.args.amount0Out;
        collateralSold += sold;
        grossProfit += proceeds;
        if (tx.kind === "sell") this.allocateSale(sold, proceeds, w);
        else atomicSale = { sold, proceeds };
      } else if (is(e, "debt:Transfer") && isFlash && e.args.from.toLowerCase() === flash) {
        // The flash liquidator pays the keeper its profit in one transfer.
        flashProfit += e.args.value;
      }
    }
    // Gas of the transaction is charged to the first record it produced.
    if (records.length) Object.assign(records[0], ctx.gas);
    for (const r of records) {
      if (atomicSale) {
        // Sold within the same transaction (its proceeds are already in the block's cash flow).
        r.collateralSold = atomicSale.sold;
        r.saleProceeds = atomicSale.proceeds;
      } else if (isFlash) {
        // Sold within the same transaction: proceeds are what was repaid plus the profit paid out.
        r.collateralSold = r.collateralSeized;
        r.saleProceeds = r.debtRepaid + (records.length === 1 ? flashProfit : 0n);
        collateralSold += r.collateralSold;
        grossProfit += r.saleProceeds;
      } else {
        this.unsold.push(r); // sold by a later sale (FIFO)
      }
      r.salePrice = ratioPrice(r.saleProceeds, r.collateralSold, w);
      r.grossProfit = r.saleProceeds - r.debtRepaid;
    }
    return { liquidations: records, collateralSold, grossProfit };
  }

  /** Attributes a sale of `sold` collateral for `proceeds` to the oldest unsold liquidations. */
  private allocateSale(sold: bigint, proceeds: bigint, w: World) {
    let left = sold;
    let paid = 0n;
    while (left > 0n && this.unsold.length) {
      const r = this.unsold[0];
      const open = r.collateralSeized - r.collateralSold;
      const part = open < left ? open : left;
      left -= part;
      // Pro rata, rounded down; the last part takes the remainder, so the records add up to the sale.
      const share = left === 0n ? proceeds - paid : (proceeds * part) / sold;
      paid += share;
      r.collateralSold += part;
      r.saleProceeds += share;
      r.salePrice = ratioPrice(r.saleProceeds, r.collateralSold, w);
      r.grossProfit = r.saleProceeds - r.debtRepaid;
      if (r.collateralSold >= r.collateralSeized) this.unsold.shift();
    }
  }
}
