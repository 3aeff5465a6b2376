/**
 * Receipts → records: what the engine reads from every mined transaction's decoded events, whoever sent it — the
 * block's liquidation totals, the first liquidation of each borrower, the auctions' borrowers, the bad debt written
 * off per borrower and what auctions recovered — and the liquidation record every liquidator books.
 */
import type { BlockRecord, LiquidationRecord } from "../metrics";
import { fromFixedUnits } from "../wad";
import type { World } from "../world/types";
import { is, type DecodedEvent } from "./events";

/** Where and by whom a liquidation landed. */
export interface Landing {
  block: number;
  chainBlock: number;
  txHash: string;
  /** The agent that sent it. */
  actor: string;
  /** The account that liquidated (the sender's address). */
  liquidator: string;
  externalPrice: number;
  /** The market it landed in and the collateral asset seized (ids). */
  market: string;
  asset: string;
}

/** A liquidation record before any sale of its collateral (its gross profit is −repaid until then). */
export function liquidationRecord(
  kind: LiquidationRecord["kind"],
  at: Landing,
  borrower: string,
  debtRepaid: bigint,
  collateralSeized: bigint,
  oraclePrice: number,
): LiquidationRecord {
  return {
    block: at.block,
    chainBlock: at.chainBlock,
    txHash: at.txHash,
    kind,
    market: at.market,
    asset: at.asset,
    keeper: at.actor,
    liquidator: at.liquidator,
    borrower,
    debtRepaid,
    collateralSeized,
    collateralSold: 0n,
    saleProceeds: 0n,
    salePrice: 0,
    externalPrice: at.externalPrice,
    oraclePrice,
    grossProfit: -debtRepaid,
    gasUsed: 0n,
    gasCost: 0n,
    priorityFee: 0n,
  };
}

/** Debt tokens per collateral token of a sale (0 for no collateral). */
export function ratioPrice(debtAmount: bigint, collateralAmount: bigint, w: World): number {
  if (collateralAmount === 0n) return 0;
  return fromFixedUnits(debtAmount, w.debtDecimals) / fromFixedUnits(collateralAmount, w.collateralDecimals);
}

/** Whether the events hold what a liquidator bids for: a liquidation, an auction take or a kick. */
export function wonSomething(events: readonly DecodedEvent[]): boolean {
  return events.some((e) => is(e, "pool:Liquidation") || is(e, "auctions:Take") || is(e, "auctions:Kick"));
}

/** What the engine learns from every mined transaction's events, whoever sent it. */
/** Bad debt a market wrote off for one borrower in one block (`BadDebtRealized`). */
export interface BadDebtRecord {
  block: number;
  market: string;
  borrower: string;
  /** Debt base units. */
  amount: bigint;
}

export class RunLedger {
  /** `marketOf` names the market of a pool's event by its address (lowercase); one market: "main". */
  constructor(private readonly marketOf: (pool: string) => string = () => "main") {}

  /** Bad debt the market wrote off per borrower (lowercase address), from `BadDebtRealized`. */
  readonly badDebtBy = new Map<string, bigint>();
  /** Every write-off, tagged with its market, in event order. */
  readonly badDebts: BadDebtRecord[] = [];
  /** What auction sales recovered of the losses written off at their kicks (`AuctionSettled.recovered`). */
  recovered = 0n;
  /** Simulated block of each borrower's first liquidation (or seizure for auction). */
  readonly firstLiquidated = new Map<string, number>();
  /** Auction id → borrower, learnt from `Kick` events. */
  readonly auctionBorrowers = new Map<bigint, string>();

  /** Books one transaction's events into the ledger and the block's totals. */
  add(events: readonly DecodedEvent[], block: number, record: BlockRecord): void {
    for (const e of events) {
      if (is(e, "pool:BadDebtRealized")) {
        const b = e.args.borrower.toLowerCase();
        this.badDebtBy.set(b, (this.badDebtBy.get(b) ?? 0n) + e.args.amount);
        this.badDebts.push({ block, market: this.marketOf(e.address), borrower: b, amount: e.args.amount });
      } else if (is(e, "pool:AuctionSettled")) {
        this.recovered += e.args.recovered;
      } else if (is(e, "pool:Liquidation")) {
        this.liquidated(e.args.borrower, block);
        record.liquidations += 1;
        record.collateralSeized += e.args.seized;
        record.debtRepaid += e.args.repaid;
      } else if (is(e, "pool:SeizedForAuction")) {
        this.liquidated(e.args.borrower, block);
        record.collateralSeized += e.args.collateral;
      } else if (is(e, "auctions:Kick")) {
        this.auctionBorrowers.set(e.args.id, e.args.borrower);
        record.auctionsKicked += 1;
      } else if (is(e, "auctions:Take")) {
        record.auctionsTaken += 1;
        record.liquidations += 1;
        record.debtRepaid += e.args.owe;
      }
    }
  }

  private liquidated(borrower: string, block: number) {
    if (!this.firstLiquidated.has(borrower)) this.firstLiquidated.set(borrower, block);
  }
}
