/**
 * The one way keepers, the observer, the baseline and reports talk to a lending market, whatever protocol runs it
 * (issue 17). The lab's LendingPool is one implementation; Aave v3 and Morpho Blue, deployed from their own bytecode,
 * are others. Amounts are bigint in the token's own units; prices and health are WAD (1e18).
 *
 * An adapter holds one market: one debt asset and the collateral assets listed in it. It never caches state between
 * calls: every read goes to the chain, so two adapters on the same chain always agree with the protocol.
 */
import type { ContractTransactionReceipt, Signer, TransactionReceipt, TransactionRequest } from "ethers";

/**
 * Which protocol's bytecode runs the market: a `market.protocol` value some adapter registers (scripts/adapters/
 * registry.ts: "lab", "aave-v3", "morpho-blue", and any folder that adds a `protocol.ts`).
 */
export type ProtocolKind = string;

/** One account's position in the market, read from the protocol. */
export interface PositionState {
  account: string;
  /** Debt owed in debt-token units, interest included, rounded up as the protocol rounds it. */
  debt: bigint;
  /** Collateral held per collateral asset address (token units). */
  collateral: Record<string, bigint>;
  /** The protocol's own health factor (WAD; < 1e18 = liquidatable). Max uint256 when there is no debt. */
  healthWad: bigint;
}

/** What a liquidation of `repay` debt against `collateralAsset` would do, by the protocol's own rules. */
export interface LiquidationPreview {
  /** Debt the protocol would accept (after its close factor), debt-token units. */
  repay: bigint;
  /** Collateral the liquidator would receive, collateral-token units. */
  seized: bigint;
}

/** A liquidation decoded from the protocol's own events, in the lab's terms. */
export interface AdapterLiquidation {
  protocol: ProtocolKind;
  market: string;
  borrower: string;
  liquidator: string;
  collateralAsset: string;
  debtRepaid: bigint;
  collateralSeized: bigint;
  /** Debt written off in the same transaction (Morpho realises it there; Aave v3.0 leaves it on the books). */
  badDebt: bigint;
  blockNumber: number;
  txHash: string;
}

/**
 * Bad debt the protocol itself has recognised, debt-token units (the run summary's `badDebt`, blocks.csv's
 * `total_bad_debt` and the exposure's `badDebt` on another protocol's market). Two measures meet here, one per
 * protocol family, both exact:
 * - written off: a protocol that removes uncollectable debt from its books says how much (the lab's `totalBadDebt`,
 *   gross of later auction recoveries; Morpho Blue's `badDebtAssets` of its `Liquidate` events). `accounts` is empty.
 * - left on the books: a protocol that never writes off (Aave v3.0) keeps it as debt no collateral covers. `amount` is
 *   Σ max(0, debt − collateral value at the protocol's oracle) over `accounts` (debt rounded up, value down), and
 *   `accounts` names those with such a part, so that a shortfall-at-market measure does not count them twice.
 * The lab and Morpho count an open position whose collateral no longer covers its debt as a shortfall until a
 * liquidation takes its last collateral; Aave v3.0 has no such moment (its last liquidation leaves dust or nothing,
 * and the debt stays), so its measure is the protocol's own price saying nothing covers it.
 */
export interface RecognisedBadDebt {
  amount: bigint;
  /** The accounts whose open debt `amount` includes (left-on-books protocols only). */
  accounts: string[];
}

/** The protocol's parameters that decide liquidations, as label → value strings with units, for the report. */
export type AdapterParameters = Record<string, string>;

export interface MarketAdapter {
  readonly protocol: ProtocolKind;
  /** The market's id in the topology (e.g. "main"). */
  readonly market: string;
  /** The debt token and the listed collateral tokens. */
  readonly debtAsset: string;
  readonly collateralAssets: readonly string[];

  /** Lends `amount` debt tokens into the market from `lender` (approves as needed). */
  supply(lender: Signer, amount: bigint): Promise<void>;
  /** Deposits collateral and borrows `borrow` debt tokens for `borrower` (approves as needed). */
  openPosition(borrower: Signer, collateralAsset: string, collateral: bigint, borrow: bigint): Promise<void>;
  /**
   * The same opening as unsigned transactions from `borrower` (approve, deposit, borrow), in nonce order: the cascade
   * engine sends them itself with automine off and mines them at its own timestamps (scripts/adapters/engine/).
   */
  openTxs(borrower: string, collateralAsset: string, collateral: bigint, borrow: bigint): Promise<TransactionRequest[]>;

  position(account: string): Promise<PositionState>;
  /** Every account's position in one call where the protocol allows it (same results as `position` each). */
  positions(accounts: readonly string[]): Promise<PositionState[]>;
  /** The protocol's own outcome for repaying up to `repay` against `collateralAsset`, at the current oracle prices. */
  previewLiquidation(borrower: string, collateralAsset: string, repay: bigint): Promise<LiquidationPreview>;
  /**
   * The transaction a keeper sends to liquidate: the protocol's liquidation entry point, called by `liquidator`
   * directly (it must hold and have approved the debt, see `approvals`).
   */
  liquidationTx(
    liquidator: string,
    borrower: string,
    collateralAsset: string,
    repay: bigint,
  ): Promise<TransactionRequest>;
  /**
   * What a liquidator receives per unit of debt value repaid, WAD (1.05e18 = a 5% bonus; Morpho's incentive factor):
   * the engine reads the oracle price each liquidation used back from its amounts with it.
   */
  incentiveWad(collateralAsset: string): Promise<bigint>;
  /** Token approvals a liquidator needs once before `liquidationTx` works: [token, spender]. */
  approvals(): Promise<Array<{ token: string; spender: string }>>;

  /** Every liquidation in a mined receipt, decoded from the protocol's own event ABI. */
  decode(receipt: TransactionReceipt | ContractTransactionReceipt): AdapterLiquidation[];
  /** Bad debt the market carries now, measured the same way for every protocol: debt not covered by collateral. */
  badDebt(accounts: readonly string[]): Promise<bigint>;
  /** Bad debt recognised by the protocol so far (see `RecognisedBadDebt`), among `accounts` where it stays open. */
  recognisedBadDebt(accounts: readonly string[]): Promise<RecognisedBadDebt>;
  /** Close factor, liquidation bonus or incentive, thresholds, oracle: what a report shows next to the results. */
  parameters(): Promise<AdapterParameters>;
}

/**
 * What the side-by-side comparison gives every protocol so that the same scenario runs against each: the same
 * tokens, the same lab feed (a Chainlink-compatible `AggregatorV3Interface`, so latency applies unchanged) and the
 * same risk parameters in value terms. A protocol maps what it has and states in `parameters()` what it could not.
 */
export interface MarketSetup {
  market: string;
  admin: Signer;
  debtToken: string;
  collateralToken: string;
  /** The lab's collateral price feed (AggregatorV3Interface, price of one collateral token in debt-token units). */
  collateralFeed: string;
  /** Loan-to-value at opening and liquidation threshold (WAD, e.g. 0.8e18). */
  ltvWad: bigint;
  liquidationThresholdWad: bigint;
  /** Liquidation bonus over the repaid value (basis points, e.g. 500 = 5%) where the protocol has one. */
  liquidationBonusBps: number;
}

/** Deploys one protocol's market for a `MarketSetup` and returns its adapter (one per protocol, in its `protocol.ts`). */
export type DeployMarket = (
  hre: import("hardhat/types").HardhatRuntimeEnvironment,
  setup: MarketSetup,
) => Promise<MarketAdapter>;
