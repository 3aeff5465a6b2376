/**
 * The block loop, which knows no agent kinds and no world shape: it acts on the run's slices (`slices.ts`; a
 * single-asset world is one slice). Each block: every asset's external market applies the previous block's net flow
 * of that asset; agents act on their slice's view (fixed order, then the competing ones in a seeded random order;
 * further bidding rounds); the block is mined; every mined receipt's events are decoded once and booked — by the run's
 * ledger (block totals, bad debt, first liquidations, auction borrowers) and by the agent that sent it (its
 * liquidation records tagged with its slice's market and asset, sales, external flow); every slice's view re-reads the
 * positions its market's events named; the block's record is closed. Its flat prices are the first asset's, its
 * totals the whole world's; a system world's record also holds each market's figures (`record.markets`).
 */
import { applyNetFlow, type ExternalMarketState } from "../external-market";
import { gwei, type Receipt } from "../chain";
import { Rng } from "../random";
import {
  HEALTH_BUCKETS,
  emptyBlockRecord,
  type BlockRecord,
  type LiquidationRecord,
  type MarketBlockRecord,
} from "../metrics";
import { BidBook } from "../bids";
import { FEED_DECIMALS, type SystemSlice, type World } from "../world/types";
import type { SimAgent } from "../../agents/types";
import { TX_METHODS, weiToDebt, type SentTx } from "../tx";
import type { View } from "../view";
import { is, type EventDecoder } from "./events";
import { RunLedger, wonSomething } from "./records";
import type { AgentLineup } from "./setup";
import type { SliceObserver } from "./slice-views";
import type { RunSlices } from "./slices";
import type { ContagionRecorder } from "./system-contagion";
import { checkNativeMemory } from "../native-memory";

export interface LoopInput {
  world: World;
  shape: RunSlices;
  agents: AgentLineup;
  observer: SliceObserver;
  decoder: EventDecoder;
  /** Per asset: the external market after block 0's (empty) flow; per slice: the view before block 0. */
  external: ExternalMarketState[];
  views: View[];
  blockTime: (i: number) => number;
  onBlock?: (done: number, total: number) => void;
  /** Records contagion attribution's inputs (forced sales, applied flows, liquidations); none without. */
  contagion?: ContagionRecorder;
}

export interface LoopOutput {
  blocks: BlockRecord[];
  liquidations: LiquidationRecord[];
  ledger: RunLedger;
  book: BidBook;
  /** Every slice's view and every asset's external market after the last block. */
  views: View[];
  external: ExternalMarketState[];
  droppedKeeperTxs: number;
  /** Failed transactions of non-keeper agents by kind (oracle, arbitrage, background): should stay empty. */
  failedOtherTxs: Record<string, number>;
  /** Wall-clock milliseconds per phase of the block loop (CASCADE_PROFILE=1 prints them). */
  profile: Record<string, number>;
}

export async function runBlocks(input: LoopInput): Promise<LoopOutput> {
  const { world, shape, agents, observer, decoder, blockTime } = input;
  const { slices, paths } = shape;
  const s = world.scenario;
  const rng = new Rng(`${s.seed}/engine`);
  const byName = new Map(agents.all.map((a) => [a.name, a]));
  const marketOf = marketsByAddress(slices, shape.markets[0]);
  const blocks: BlockRecord[] = [];
  const liquidations: LiquidationRecord[] = [];
  const ledger = new RunLedger(marketOf);
  const recoveredBy = new Map<string, bigint>();
  const book = new BidBook();
  const failedOtherTxs: Record<string, number> = {};
  const profile: Record<string, number> = {};
  let pending: SentTx[] = [];
  let external = input.external;
  let views = input.views;
  let droppedKeeperTxs = 0;
  const sliceOf = (a: SimAgent) => agents.sliceOf?.get(a) ?? 0;
  const lead = shape.assetSlice[0];

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
      const k = sliceOf(agent);
      track(await agent.act(views[k], slices[k].world, rng));
      lap(agent.name.split("/")[0] + (agent.keeper ? ":" + agent.name.split("/")[1] : ""));
    }
    // Further bidding rounds in the same block interval: agents see pending competitors and may replace bids.
    for (let round = 2; round <= s.chain.biddingRounds; round++) {
      for (const agent of order) {
        const k = sliceOf(agent);
        if (agent.rebid) track(await agent.rebid(views[k], slices[k].world, round));
      }
    }
    lap("rebid");
    await world.chain.mine(timestamp);
    lap("mine");
    // Mining is a block's largest allocation (a trace of every transaction): a process over its bound collects here
    // too, before the block's reads add to it (scripts/sim/native-memory.ts).
    if (await checkNativeMemory()) lap("gc");

    const mined: { tx: SentTx; receipt: Receipt }[] = [];
    const still: SentTx[] = [];
    const receipts = await world.chain.receipts(pending.map((tx) => tx.hash));
    for (const [k, tx] of pending.entries()) {
      const receipt = receipts[k];
      if (receipt) mined.push({ tx, receipt });
      else if (tx.keeper) {
        // A keeper's transaction that missed its block is stale (prices moved): bots drop or replace it.
        await world.chain.send("hardhat_dropTransaction", [tx.hash]);
        droppedKeeperTxs += 1;
        book.onDropped(tx);
      } else still.push(tx);
    }
    pending = still;

    const record = emptyBlockRecord(i, timestamp, paths[0][i], external[0].price);
    // Actions in this block were refused if the price the market read was older than its maxPriceAge.
    record.oracleStale = timestamp > views[lead].oracleUpdatedAt + s.market.collateral.maxPriceAgeSeconds;
    const perMarket = new Map<string, number>(shape.markets.map((m) => [m, 0]));
    const netFlow = paths.map(() => 0);
    const latest = await world.chain.latestBlock();
    const landedBefore = liquidations.length;
    for (const { tx, receipt } of mined) {
      const events = decoder.decode(receipt);
      ledger.add(events, i, record);
      for (const e of events) {
        if (is(e, "pool:Liquidation") || is(e, "auctions:Take")) {
          const m = marketOf(e.address);
          perMarket.set(m, (perMarket.get(m) ?? 0) + 1);
        } else if (is(e, "pool:AuctionSettled")) {
          const m = marketOf(e.address);
          recoveredBy.set(m, (recoveredBy.get(m) ?? 0n) + e.args.recovered);
        }
      }
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
      const slice = slices[agent ? sliceOf(agent) : 0];
      const out =
        agent?.onMined?.(
          { tx, receipt, events },
          {
            world: slice.world,
            block: i,
            externalPrice: external[slice.assetIndex].price,
            market: slice.market,
            asset: slice.asset,
            gas,
            auctionBorrower: (id) => ledger.auctionBorrowers.get(id),
          },
        ) ?? {};
      if (out.liquidations) liquidations.push(...out.liquidations);
      record.collateralSold += out.collateralSold ?? 0n;
      record.keeperGrossProfit += out.grossProfit ?? 0n;
      if (out.externalFlow !== undefined) netFlow[slice.assetIndex] += out.externalFlow;
      input.contagion?.sale(i, slice, out.collateralSold ?? 0n, external[slice.assetIndex].price);
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
    input.contagion?.flows(i, netFlow);
    input.contagion?.liquidations(i, liquidations.slice(landedBefore), views);
    lap("receipts");
    await observer.refreshChanged();
    const last = i + 1 >= s.blocks;
    const nextExternal = shape.externalMarkets.map((params, k) =>
      last ? external[k] : applyNetFlow(params, external[k], paths[k][i + 1], netFlow[k]),
    );
    if (s.chain.baseFee.mode === "fixed") await world.chain.setNextBaseFee(gwei(s.chain.baseFee.initialGwei));
    const after = await observer.views(
      i + 1,
      blockTime(i + 1),
      nextExternal.map((e) => e.price),
    );
    // The flat prices are the first asset's (as `exogenousPrice` and `externalPrice`).
    record.ammPrice = after[lead].ammPrice;
    record.oraclePrice = after[lead].oraclePrice;
    // Auction takes do not read the oracle: they keep the price it showed in their block.
    for (const l of liquidations.slice(landedBefore)) {
      if (l.kind !== "auction-take") continue;
      const k = slices.findIndex((sl) => sl.market === l.market && sl.asset === l.asset);
      l.oraclePrice = after[Math.max(0, k)].oraclePrice;
    }
    record.positionsAtRisk = bucket(after, slices);
    // A market's totalBadDebt is gross: a kick writes off the lot's expected loss at once (F3) and a later sale above
    // that mark gives part of it back to lenders. Bad debt here is the net loss: gross write-offs less recoveries.
    if (shape.perMarket) record.markets = {};
    let badDebt = 0n;
    for (const [j, m] of shape.markets.entries()) {
      // The views just read each lab market's totals at this same state: the read is not repeated.
      const lab = world.markets[j].lab;
      const totals = observer.totalsRead(lab.address) ?? (await lab.totals());
      // Another protocol's market: the bad debt it recognises, through its adapter (written off by Morpho Blue; left on
      // the books with no collateral behind it by Aave v3.0: `MarketAdapter.recognisedBadDebt`).
      const net =
        world.market.protocol === "lab"
          ? totals.badDebt - (recoveredBy.get(m) ?? 0n)
          : (await world.market.recognisedBadDebt(world.borrowers)).amount;
      badDebt += net;
      if (!record.markets) continue;
      record.markets[m] = {
        badDebt: net,
        liquidations: perMarket.get(m)!,
        debt: totals.borrowed,
        collateralValue: collateralValue(world, j, slices, after),
        supplied: totals.supplied,
        cash:
          totals.supplied > totals.borrowed + totals.inAuction
            ? totals.supplied - totals.borrowed - totals.inAuction
            : 0n,
      } satisfies MarketBlockRecord;
    }
    record.totalBadDebt = badDebt;
    if (world.breaker) record.breakerTripped = await world.breaker.isTripped();
    for (const agent of agents.all) await agent.afterBlock?.(slices[sliceOf(agent)].world, record);
    record.liquidationThreshold = after[lead].liquidationThreshold;
    record.ltv = after[lead].ltv;
    blocks.push(record);
    external = nextExternal;
    views = after;
    lap("record");
    // Finished responses of the network hold their traces until V8 collects them: a large run collects when its
    // resident memory passes CASCADE_GC_ABOVE_MB (scripts/sim/native-memory.ts).
    if (await checkNativeMemory()) lap("gc");
    input.onBlock?.(i + 1, s.blocks);
  }
  return { blocks, liquidations, ledger, book, views, external, droppedKeeperTxs, failedOtherTxs, profile };
}

/** The market of a pool's or an auction liquidator's event, by its address (lowercase); else `fallback`. */
function marketsByAddress(slices: readonly SystemSlice[], fallback: string): (address: string) => string {
  const byAddress = new Map<string, string>();
  for (const sl of slices) {
    byAddress.set(sl.world.addresses.pool.toLowerCase(), sl.market);
    if (sl.world.addresses.auctions) byAddress.set(sl.world.addresses.auctions.toLowerCase(), sl.market);
  }
  return (address) => byAddress.get(address) ?? fallback;
}

/** Σ collateral held in market `j` at its oracle prices, debt base units (from the slices' views). */
function collateralValue(world: World, j: number, slices: readonly SystemSlice[], views: readonly View[]): bigint {
  let value = 0n;
  slices.forEach((sl, i) => {
    if (!sl.listed || sl.marketIndex !== j) return;
    const priceWad = BigInt(Math.round(views[i].oraclePrice * 10 ** FEED_DECIMALS)) * 10n ** BigInt(18 - FEED_DECIMALS);
    let held = 0n;
    for (const p of views[i].positions.values()) held += p.collateral;
    value +=
      (held * priceWad * 10n ** BigInt(world.debtDecimals)) / (10n ** BigInt(sl.world.collateralDecimals) * 10n ** 18n);
  });
  return value;
}

/** Open positions per health bucket, each (market, account) counted once. */
function bucket(views: readonly View[], slices: readonly SystemSlice[]): number[] {
  const counts: number[] = HEALTH_BUCKETS.map(() => 0);
  const seen = new Set<string>();
  views.forEach((view, v) => {
    if (!slices[v].listed) return;
    for (const [b, p] of view.positions) {
      const key = `${slices[v].marketIndex}:${b}`;
      if (p.debt === 0n || seen.has(key)) continue;
      seen.add(key);
      const i = HEALTH_BUCKETS.findIndex((x) => p.health < x);
      if (i >= 0) counts[i]++;
    }
  });
  return counts;
}

function shuffle<T>(xs: T[], rng: Rng): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}
