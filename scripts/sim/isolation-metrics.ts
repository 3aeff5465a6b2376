/**
 * Contagion between lender groups (pure): what the lenders who wanted exposure to the calm collateral only, and
 * the lenders of the crashing one, own and can take out, block by block, in a shared or in isolated markets.
 * Amounts are bigint debt base units.
 */
import { ratio } from "./wad";

/** One lender group at the end of a block. */
export interface LenderGroupState {
  /** What the group supplied at start. */
  deposit: bigint;
  /** Its supply shares × its market's share price (the market's `suppliedOf`, rounded down). */
  claim: bigint;
  /** What its market can pay out now: supplied − borrowed − debt in auction (what `withdraw` checks). */
  cash: bigint;
  /** Every lender's claim on its market together (the market's supplied assets). */
  marketSupplied: bigint;
}

/** The lender groups of a two-collateral world at the end of a block. */
export interface LendersRecord {
  calm: LenderGroupState;
  crash: LenderGroupState;
  /** Lowest health factor among the calm borrowers (Infinity without debt). */
  calmMinHealth: number;
}

/** A withdrawal of a lender's whole claim, sent and mined: how much came out of what was asked. */
export interface WithdrawalAttempt {
  asked: bigint;
  received: bigint;
}

export interface EndWithdrawals {
  /** The calm lender asks first, alone. */
  calmFirst: WithdrawalAttempt;
  /** The crash lenders withdraw all they can first (a run), then the calm lender asks. */
  crashRun: WithdrawalAttempt;
  crashRunCrashLenders: WithdrawalAttempt;
}

export interface LenderGroupSummary {
  deposit: bigint;
  endClaim: bigint;
  /** deposit − end claim: positive is a loss, negative is interest earned. */
  loss: bigint;
  /** loss ÷ deposit, percent. */
  lossPct: number;
  /** Lowest min(claim, cash) ÷ claim over the blocks: the group first in line for the market's cash. */
  worstWithdrawableFraction: number;
  /** Lowest min(1, cash ÷ every lender's claim) over the blocks: the share each lender gets if all ask at once. */
  worstProRataFraction: number;
}

export interface IsolationSummary {
  mode: "shared" | "isolated";
  /** Bad debt the crash market wrote off (the only bad debt: calm positions stay healthy). */
  crashBadDebt: bigint;
  /**
   * Crash positions still open under water at the end (debt above collateral value at the oracle price): losses
   * not written off yet, which every claim on the crash market still counts at face value.
   */
  crashUnrealizedBadDebt: bigint;
  /** Bad debt written off by the calm lenders' market (the crash market itself when shared). */
  calmMarketBadDebt: bigint;
  calm: LenderGroupSummary;
  crash: LenderGroupSummary;
  /** Calm lenders' share of the shared market's supply at start (0 when isolated). */
  calmShareOfSupply: number;
  calmMinHealth: number;
  endWithdrawals: EndWithdrawals;
}

/** min(claim, cash) ÷ claim (1 for an empty claim). */
export function withdrawableFraction(s: LenderGroupState): number {
  if (s.claim === 0n) return 1;
  return ratio(s.cash < s.claim ? s.cash : s.claim, s.claim);
}

/** min(1, cash ÷ every lender's claim) (1 for an empty market). */
export function proRataFraction(s: LenderGroupState): number {
  if (s.marketSupplied === 0n || s.cash >= s.marketSupplied) return 1;
  return ratio(s.cash, s.marketSupplied);
}

export function summarizeGroup(states: readonly LenderGroupState[]): LenderGroupSummary {
  if (states.length === 0) throw new Error("summarizeGroup: no blocks");
  const end = states[states.length - 1];
  const loss = end.deposit - end.claim;
  return {
    deposit: end.deposit,
    endClaim: end.claim,
    loss,
    lossPct: end.deposit === 0n ? 0 : 100 * (Number(loss) / Number(end.deposit)),
    worstWithdrawableFraction: Math.min(...states.map(withdrawableFraction)),
    worstProRataFraction: Math.min(...states.map(proRataFraction)),
  };
}

export function summarizeIsolation(
  mode: IsolationSummary["mode"],
  records: readonly LendersRecord[],
  badDebt: { crash: bigint; crashUnrealized: bigint; calmMarket: bigint },
  endWithdrawals: EndWithdrawals,
): IsolationSummary {
  const calm = summarizeGroup(records.map((r) => r.calm));
  const crash = summarizeGroup(records.map((r) => r.crash));
  return {
    mode,
    crashBadDebt: badDebt.crash,
    crashUnrealizedBadDebt: badDebt.crashUnrealized,
    calmMarketBadDebt: badDebt.calmMarket,
    calm,
    crash,
    calmShareOfSupply: mode === "shared" ? ratio(calm.deposit, calm.deposit + crash.deposit) : 0,
    calmMinHealth: Math.min(...records.map((r) => r.calmMinHealth)),
    endWithdrawals,
  };
}

/** received ÷ asked (1 when nothing was asked). */
export function receivedShare(a: WithdrawalAttempt): number {
  return a.asked === 0n ? 1 : ratio(a.received, a.asked);
}
