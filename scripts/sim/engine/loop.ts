/**
 * The block loop, which knows no agent kinds. Each block: the external market applies the previous block's net
 * flow; agents act on the view (fixed order, then the competing ones in a seeded random order; further bidding
 * rounds); the block is mined; every mined receipt's events are decoded once and booked — by the run's ledger (block
 * totals, bad debt, first liquidations, auction borrowers) and by the agent that sent it (its liquidation records,
 * sales, external flow); the view re-reads every position the market's events named; the block's record is closed.
 */
import { applyNetFlow, type ExternalMarketState } from "../external-market";
import { gwei, type Receipt } from "../chain";
import type { Observer } from "../observe";
import { Rng } from "../random";
import { HEALTH_BUCKETS, emptyBlockRecord, type BlockRecord, type LiquidationRecord } from "../metrics";
import { BidBook } from "../bids";
import type { World } from "../world/types";
import type { SimAgent } from "../../agents/types";
import { TX_METHODS, weiToDebt, type SentTx } from "../tx";
import type { View } from "../view";
import type { EventDecoder } from "./events";
import { RunLedger, wonSomething } from "./records";
import type { AgentLineup } from "./setup";
import { MAIN_MARKET, assetIdFromSymbol } from "../scenario/system-resolve";

export interface LoopInput {
  world: World;
  agents: AgentLineup;
  observer: Observer;
  decoder: EventDecoder;
  /** The exogenous price per block. */
  path: readonly number[];
  /** The external market after block 0's (empty) flow, and the view before block 0. */
  external: ExternalMarketState;
  view: View;
  blockTime: (i: number) => number;
  onBlock?: (done: number, total: number) => void;
}

export interface LoopOutput {
  blocks: BlockRecord[];
  liquidations: LiquidationRecord[];
  ledger: RunLedger;
  book: BidBook;
  /** The view and the external market after the last block. */
  view: View;
  external: ExternalMarketState;
  droppedKeeperTxs: number;
  /** Failed transactions of non-keeper agents by kind (oracle, arbitrage, background): should stay empty. */
  failedOtherTxs: Record<string, number>;
  /** Wall-clock milliseconds per phase of the block loop (CASCADE_PROFILE=1 prints them). */
  profile: Record<string, number>;
}

export async function runBlocks(input: LoopInput): Promise<LoopOutput> {
  const { world, agents, observer, decoder, path, blockTime } = input;
  const s = world.scenario;
  const rng = new Rng(`${s.seed}/engine`);
  const byName = new Map(agents.all.map((a) => [a.name, a]));
  const blocks: BlockRecord[] = [];
  const liquidations: LiquidationRecord[] = [];
  const ledger = new RunLedger();
  const book = new BidBook();
  const failedOtherTxs: Record<string, number> = {};
  const profile: Record<string, number> = {};
  let pending: SentTx[] = [];
  let external = input.external;
  let view = input.view;
  let droppedKeeperTxs = 0;
  const assetId = assetIdFromSymbol(s.tokens.collateral.symbol);

  for (let i = 0; i < s.blocks; i++) {
    const timestamp = blockTime(i);
    let tp = Date.now();
    const lap = (k: string) => {
      const now = Date.now();
      profile[k] = (profile[k] ?? 0) + now - tp;
      tp = now;
    };

    const order = [...agents.fixed, ...shuffle([...agents.shuffled], rng)];
    const track = (sent: SentTx[]) => {
      for (const tx of sent) {
        const replaced = book.onSent(tx, i);
        if (replaced) pending = pending.filter((p) => p.hash !== replaced);
        pending.push(tx);
      }
    };
    for (const agent of order) {
      track(await agent.act(view, world, rng));
      lap(agent.name.split("/")[0] + (agent.keeper ? ":" + agent.name.split("/")[1] : ""));
    }
    // Further bidding rounds in the same block interval: agents see pending competitors and may replace bids.
    for (let round = 2; round <= s.chain.biddingRounds; round++) {
      for (const agent of order) if (agent.rebid) track(await agent.rebid(view, world, round));
    }
    lap("rebid");
    await world.chain.mine(timestamp);
    lap("mine");

    const mined: { tx: SentTx; receipt: Receipt }[] = [];
    const still: SentTx[] = [];
    for (const tx of pending) {
      const receipt = await world.chain.receipt(tx.hash);
      if (receipt) mined.push({ tx, receipt });
      else if (tx.keeper) {
        // A keeper's transaction that missed its block is stale (prices moved): bots drop or replace it.
        await world.chain.send("hardhat_dropTransaction", [tx.hash]);
        droppedKeeperTxs += 1;
        book.onDropped(tx);
      } else still.push(tx);
    }
    pending = still;

    const record = emptyBlockRecord(i, timestamp, path[i], external.price);
    // Actions in this block were refused if the price the market read was older than its maxPriceAge.
    record.oracleStale = timestamp > view.oracleUpdatedAt + s.market.collateral.maxPriceAgeSeconds;
    let netFlow = 0;
    const latest = await world.chain.latestBlock();
    const landedBefore = liquidations.length;
    for (const { tx, receipt } of mined) {
      const events = decoder.decode(receipt);
      ledger.add(events, i, record);
      observer.noteEvents(events);
      const cost = receipt.gasUsed * receipt.effectiveGasPrice;
      const tip = receipt.gasUsed * (receipt.effectiveGasPrice - latest.baseFeePerGas);
      const gas = { gasUsed: receipt.gasUsed, gasCost: weiToDebt(cost, world), priorityFee: weiToDebt(tip, world) };
      if (tx.keeper) {
        if (receipt.status === 1) record.keeperGasUsed += receipt.gasUsed;
        else record.keeperGasFailed += receipt.gasUsed;
        record.keeperGasCost += gas.gasCost;
        record.priorityFeesPaid += gas.priorityFee;
      } else if (receipt.status !== 1) failedOtherTxs[tx.kind] = (failedOtherTxs[tx.kind] ?? 0) + 1;
      const agent: SimAgent | undefined = byName.get(tx.agent);
      const out =
        agent?.onMined?.(
          { tx, receipt, events },
          {
            world,
            block: i,
            externalPrice: external.price,
            market: MAIN_MARKET,
            asset: assetId,
            gas,
            auctionBorrower: (id) => ledger.auctionBorrowers.get(id),
          },
        ) ?? {};
      if (out.liquidations) liquidations.push(...out.liquidations);
      record.collateralSold += out.collateralSold ?? 0n;
      record.keeperGrossProfit += out.grossProfit ?? 0n;
      if (out.externalFlow !== undefined) netFlow += out.externalFlow;
      // The bid book counts keepers' costs and wins (a liquidation, a take or a kick).
      const won = tx.keeper && wonSomething(events);
      book.onMined(
        tx,
        receipt,
        TX_METHODS[tx.kind],
        won,
        tx.keeper ? gas.gasCost : 0n,
        tx.keeper ? gas.priorityFee : 0n,
      );
    }
    lap("receipts");
    await observer.refreshChanged();
    const nextExternal = i + 1 < s.blocks ? applyNetFlow(s.externalMarket, external, path[i + 1], netFlow) : external;
    if (s.chain.baseFee.mode === "fixed") await world.chain.setNextBaseFee(gwei(s.chain.baseFee.initialGwei));
    const after = await observer.view(i + 1, blockTime(i + 1), nextExternal.price);
    record.ammPrice = after.ammPrice;
    record.oraclePrice = after.oraclePrice;
    // Auction takes do not read the oracle: they keep the price it showed in their block.
    for (const l of liquidations.slice(landedBefore)) if (l.kind === "auction-take") l.oraclePrice = after.oraclePrice;
    record.positionsAtRisk = bucket(after);
    // The market's totalBadDebt is gross: a kick writes off the lot's expected loss at once (F3) and a later sale above
    // that mark gives part of it back to lenders. Bad debt here is the net loss: gross write-offs less recoveries.
    record.totalBadDebt = world.adapterMarket
      ? ledger.badDebts.reduce((sum, b) => sum + b.amount, 0n) // what the protocol wrote off (decoded events)
      : (await world.pool.totals())[4] - ledger.recovered;
    if (world.breaker) record.breakerTripped = await world.breaker.isTripped();
    for (const agent of agents.all) await agent.afterBlock?.(world, record);
    record.liquidationThreshold = after.liquidationThreshold;
    record.ltv = after.ltv;
    blocks.push(record);
    external = nextExternal;
    view = after;
    lap("record");
    input.onBlock?.(i + 1, s.blocks);
  }
  return { blocks, liquidations, ledger, book, view, external, droppedKeeperTxs, failedOtherTxs, profile };
}

function bucket(view: View): number[] {
  const counts: number[] = HEALTH_BUCKETS.map(() => 0);
  for (const p of view.positions.values()) {
    if (p.debt === 0n) continue;
    const i = HEALTH_BUCKETS.findIndex((b) => p.health < b);
    if (i >= 0) counts[i]++;
  }
  return counts;
}

function shuffle<T>(xs: T[], rng: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}
