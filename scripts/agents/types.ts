/**
 * What an agent sees and how it acts. Agents never call each other: they read the chain (through the shared
 * `View`, which is only a cache of chain reads and events for this block) and send transactions.
 */
import type { World } from "../sim/world/types";
import type { Receipt } from "../sim/chain";
import type { SentTx } from "../sim/tx";
import type { View } from "../sim/view";
import type { DecodedEvent } from "../sim/engine/events";
import type { BlockRecord, LiquidationRecord, RunSummary } from "../sim/metrics";
import type { AgentReports } from "../sim/agent-reports";
import type { Rng } from "../sim/random";

export type { AuctionState, PositionState, View } from "../sim/view";
export { TX_METHODS, debtToWei, weiToDebt, type SentTx, type TxKind } from "../sim/tx";

/** A transaction of an agent's, mined, with its receipt's events decoded once by ABI. */
export interface MinedTx {
  tx: SentTx;
  receipt: Receipt;
  events: DecodedEvent[];
}

/** What the engine tells an agent about one of its mined transactions. */
export interface MinedContext {
  world: World;
  /** Simulated block index the transaction was mined in. */
  block: number;
  /** External market price during that block (of the asset the agent acts on). */
  externalPrice: number;
  /** The market and the asset the agent acts on (ids: `main` and the lower-cased symbol in a single-asset world). */
  market: string;
  asset: string;
  /** The transaction's gas used, its cost and its priority fees in debt base units. */
  gas: { gasUsed: bigint; gasCost: bigint; priorityFee: bigint };
  /** The borrower of an auction, learnt from `Kick` events (by any keeper, earlier in the run or block). */
  auctionBorrower: (id: bigint) => string | undefined;
}

/** What an agent's mined transaction produced, as the agent books it (all optional). */
export interface MinedOutcome {
  /** Liquidations it made, in event order. */
  liquidations?: LiquidationRecord[];
  /** Collateral it sold within the block, base units (a keeper's sales; block total `collateralSold`). */
  collateralSold?: bigint;
  /** Its gross result in the block, debt base units (a keeper's; block total `keeperGrossProfit`). */
  grossProfit?: bigint;
  /** Net selling it put on the external market, debt value (negative = buying): moves the external price. */
  externalFlow?: number;
}

/**
 * An agent: acts each block by sending transactions; may rebid in later bidding rounds of the same block interval,
 * book its own mined transactions, add to the block record after the block, and report at the end. The engine
 * knows no agent kinds: everything specific to one lives in its file and its setup (`scripts/sim/engine/agents.ts`).
 */
export interface SimAgent {
  readonly name: string;
  /** Whether its transactions are a keeper's (gas counted in the keepers' totals and the bid book). */
  readonly keeper: boolean;
  /**
   * The account whose collateral and debt token balances it may read in a block (`view.balance`): the engine reads
   * them with the block's other reads, as it reads every other state all agents share.
   */
  readonly wallet?: string;
  /** Opportunities it saw (keepers), for the per-keeper results. */
  readonly opportunities?: number;
  act(view: View, world: World, rng: Rng): Promise<SentTx[]>;
  /** A further bidding round (2, 3, …) in the same block interval: may replace pending bids. */
  rebid?(view: View, world: World, round: number): Promise<SentTx[]>;
  /** Books one of its mined transactions (reverted ones included). */
  onMined?(mined: MinedTx, ctx: MinedContext): MinedOutcome | void;
  /** Adds what it measures to the block's record, after the block (chain state of the block's end). */
  afterBlock?(world: World, record: BlockRecord): Promise<void>;
  /** After the last block, before automine is switched back on. */
  afterRun?(world: World, lastBlockTime: number): Promise<void>;
  /** Fills in its part of the run's agent reports (after the last block). */
  report?(reports: AgentReports): void;
  /** Adds its results to the run's summary (after the engine's own summary). */
  summarize?(world: World, summary: RunSummary, blocks: readonly BlockRecord[]): Promise<void>;
}

/** Gas limit of each setup transaction (funding, approvals). */
export const SETUP_GAS = { gasLimit: 100_000 };
/** Allowance agents grant the contracts they trade through. */
export const UNLIMITED = 2n ** 255n;

/** What an agent factory sets its agents up with. */
export interface AgentSetup {
  /** The world, with its positions open (`startTime` is still 0 here). */
  world: World;
  initialPrice: number;
  /** Setup transactions (funding, approvals) it sends; the engine mines them in one block before the run. */
  hashes: string[];
  /** Native balances the engine sets after that block (keepers start with exactly their gas budget). */
  balances: [string, bigint][];
}

/**
 * Sets up one kind of agent from its scenario fields (none when the scenario does not ask for it). The registry
 * (`scripts/agents/registry.ts`) lists every kind; a new kind is its own file and one line there.
 */
export interface AgentFactory {
  readonly kind: string;
  /** Place in each block's acting order: lower acts first; equal ranks keep the registry's order. */
  readonly rank: number;
  /** Agents that compete (keepers) act after every other one, in a seeded random order each block. */
  readonly shuffled?: boolean;
  create(setup: AgentSetup): Promise<SimAgent[]>;
}
