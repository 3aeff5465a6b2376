/**
 * The options venue's records in a cascade run: the accounts that write (writers, the dealer), what the hedgers
 * traded on the AMM (from their swaps' decoded events), the auction keeper's starts and bids (from its receipts),
 * and the venue's state after each block (the watch). One ledger per world.
 */
import type { World } from "../../sim/world/types";

export interface OptionsBlockRow {
  block: number;
  /** Accounts with shorts whose cash is below maintenance. */
  underMaintenance: number;
  /** Σ max(0, mark value − cash), debt tokens. */
  shortfall: number;
  insuranceFund: number;
}

export class OptionsLedger {
  /** Series ids written, in strike order (created at setup). */
  series: bigint[] = [];
  /** Addresses of the writers and the dealer (the accounts auctions may hit). */
  accounts: string[] = [];
  writtenDealer = 0n;
  writtenWriters = 0n;
  /** Collateral base units sold and bought on the AMM by the dealer's and the keeper's hedges. */
  dealer = { sold: 0n, bought: 0n, trades: 0 };
  keeper = { sold: 0n, bought: 0n };
  auctions = { started: 0, bids: 0, insolventBids: 0, fundPaid: 0n, fees: 0n };
  blocks: OptionsBlockRow[] = [];
  insuranceStart = 0;
}

const ledgers = new WeakMap<World, OptionsLedger>();

export function optionsLedger(world: World): OptionsLedger {
  let l = ledgers.get(world);
  if (!l) ledgers.set(world, (l = new OptionsLedger()));
  return l;
}
