/**
 * The option-auction keeper (issue 20): each block it starts the Dutch auction of every writer (and the dealer)
 * under maintenance, bids for the whole portfolio once the price has fallen to `options.keeper.bidAt` of its equity
 * (solvent) or when the insurance fund can pay (insolvent), and delta-hedges what it took over on the AMM (its
 * sales in a fall are the liquidation leg of the loop). The options watch reads the venue after every block and
 * writes the run's `derivatives.options` summary.
 */
import type { BlockRecord, RunSummary } from "../sim/metrics";
import { fromFixedUnits, toFixedUnits } from "../sim/wad";
import { makeAgent } from "../sim/world/accounts";
import type { Agent, World } from "../sim/world/types";
import { optionsLedger } from "../derivatives/engine/options-ledger";
import { toWad } from "../derivatives/engine/build";
import { hedgeFlow, sendHedge, wadToUnits } from "../derivatives/engine/hedging";
import { derivativesOf, round } from "../derivatives/engine/summary";
import { solventBidBps } from "../derivatives/options/agents/option-auction-keeper";
import { depositCover, fees } from "./option-writer";
import type { AgentFactory, AgentSetup, MinedContext, MinedTx, SentTx, SimAgent, View } from "./types";
import { SETUP_GAS, UNLIMITED } from "./types";

const AUCTION_GAS = 2_000_000;
const WAD = 10n ** 18n;

export class OptionAuctionKeeper implements SimAgent {
  readonly keeper = false;
  readonly name = "option-auction-keeper";

  constructor(
    private readonly me: Agent,
    private readonly bidAtBps: bigint,
    private readonly inventoryWad: bigint,
    private readonly minTradeWad: bigint,
  ) {}

  async act(view: View, world: World): Promise<SentTx[]> {
    if (view.block < 2) return []; // the book is written in block 0 and margined in block 1
    const venue = world.derivatives!.options!.venue.connect(this.me.signer);
    const a = await venue.auctionParams();
    const sent: SentTx[] = [];
    const send = (hash: string, kind: "option-auction" | "hedge") =>
      sent.push({ hash, agent: this.name, kind, keeper: false, sentBlock: view.block });
    for (const account of optionsLedger(world).accounts) {
      const m = await venue.marginState(account);
      if ((await venue.positionsOf(account)).length === 0 || m.cash >= m.maintenance) continue;
      const start = await venue.auctionStart(account);
      if (start === 0n) {
        send((await venue.startAuction(account, { gasLimit: AUCTION_GAS, ...fees(view) })).hash, "option-auction");
        continue;
      }
      if (m.cash <= m.markValue) {
        if ((await venue.insuranceFund()) < m.markValue - m.cash) continue; // the fund cannot pay: wait
      } else if (solventBidBps(BigInt(view.timestamp) - start, a) > this.bidAtBps) continue;
      send(
        (await venue.bid(account, WAD, 2n ** 255n, { gasLimit: AUCTION_GAS, ...fees(view) })).hash,
        "option-auction",
      );
    }
    const hash = await sendHedge(world, view, this.me, this.inventoryWad, this.minTradeWad);
    if (hash) send(hash, "hedge");
    return sent;
  }

  onMined({ tx, receipt, events }: MinedTx, { world }: MinedContext): void {
    if (receipt.status !== 1) return;
    const l = optionsLedger(world);
    if (tx.kind === "hedge") {
      const flow = hedgeFlow(world, events);
      l.keeper.sold += flow.sold;
      l.keeper.bought += flow.bought;
      return;
    }
    const venue = world.derivatives!.options!.venue;
    for (const log of receipt.logs) {
      const parsed = venue.interface.parseLog(log);
      if (parsed?.name === "AuctionStarted") l.auctions.started++;
      if (parsed?.name === "AuctionBid") {
        l.auctions.bids++;
        if (parsed.args.insolvent) l.auctions.insolventBids++;
        l.auctions.fundPaid += parsed.args.fundPaid;
        l.auctions.fees += parsed.args.fee;
      }
    }
  }
}

/** Reads the options venue after every block (sends nothing) and writes the run's `derivatives.options` summary. */
export class OptionsWatch implements SimAgent {
  readonly keeper = false;
  readonly name = "options-watch";

  async act(): Promise<SentTx[]> {
    return [];
  }

  async afterBlock(world: World, record: BlockRecord): Promise<void> {
    const venue = world.derivatives!.options!.venue;
    const l = optionsLedger(world);
    let under = 0;
    let shortfall = 0n;
    for (const account of l.accounts) {
      if ((await venue.positionsOf(account)).length === 0) continue;
      const m = await venue.marginState(account);
      if (m.cash < m.maintenance) under++;
      if (m.markValue > m.cash) shortfall += m.markValue - m.cash;
    }
    l.blocks.push({
      block: record.block,
      underMaintenance: under,
      shortfall: round(fromFixedUnits(shortfall, world.debtDecimals)),
      insuranceFund: round(fromFixedUnits(await venue.insuranceFund(), world.debtDecimals)),
    });
  }

  async summarize(world: World, summary: RunSummary): Promise<void> {
    const venue = world.derivatives!.options!.venue;
    const l = optionsLedger(world);
    const last = l.blocks.at(-1);
    if (!last) return;
    const debt = (x: bigint) => round(fromFixedUnits(x, world.debtDecimals));
    const coll = (x: bigint) => round(fromFixedUnits(x, world.collateralDecimals), 6);
    const wad = (x: bigint) => round(fromFixedUnits(x, 18), 6);
    const held = await world.debt.balanceOf(await venue.getAddress());
    const booked = (await venue.totalCash()) + (await venue.insuranceFund()) + (await venue.totalPayoutPools());
    derivativesOf(summary).options = {
      writers: world.scenario.options!.writers.count,
      written: { dealer: wad(l.writtenDealer), writers: wad(l.writtenWriters) },
      dealerHedge: {
        sold: coll(l.dealer.sold),
        bought: coll(l.dealer.bought),
        netSold: coll(l.dealer.sold - l.dealer.bought),
        trades: l.dealer.trades,
      },
      keeperHedgeNetSold: coll(l.keeper.sold - l.keeper.bought),
      auctions: {
        started: l.auctions.started,
        bids: l.auctions.bids,
        insolventBids: l.auctions.insolventBids,
        fundPaid: debt(l.auctions.fundPaid),
        fees: debt(l.auctions.fees),
      },
      underMaintenance: { max: Math.max(...l.blocks.map((b) => b.underMaintenance)), atEnd: last.underMaintenance },
      shortfallAtEnd: last.shortfall,
      insuranceFund: { start: l.insuranceStart, end: last.insuranceFund },
      conserved: held === booked,
    };
  }
}

/** The auction keeper and the options watch (none without an `options` section). */
export const optionAuctionKeeperSetup: AgentFactory = {
  kind: "option-auction-keeper",
  rank: 46,
  create: (setup) => createOptionKeeper(setup),
};

async function createOptionKeeper({ world, initialPrice, hashes }: AgentSetup): Promise<SimAgent[]> {
  const o = world.scenario.options;
  const options = world.derivatives?.options;
  if (!o || !options) return [];
  const k = o.keeper;
  const me = await makeAgent(world.hre, world.chain, "option-auction-keeper");
  if (k.cash > 0) await depositCover(world, me, toFixedUnits(k.cash, world.debtDecimals), hashes);
  const inventory = toWad(k.inventory);
  const wallet = toFixedUnits(Math.max(k.inventory, 1) * initialPrice, world.debtDecimals);
  hashes.push((await world.debt.connect(me.signer).mint(me.address, wallet, SETUP_GAS)).hash);
  const base = wadToUnits(inventory, world.collateralDecimals);
  if (base > 0n) hashes.push((await world.collateral.connect(me.signer).mint(me.address, base, SETUP_GAS)).hash);
  hashes.push((await world.debt.connect(me.signer).approve(world.addresses.router, UNLIMITED, SETUP_GAS)).hash);
  hashes.push((await world.collateral.connect(me.signer).approve(world.addresses.router, UNLIMITED, SETUP_GAS)).hash);
  optionsLedger(world).insuranceStart = round(fromFixedUnits(await options.venue.insuranceFund(), world.debtDecimals));
  const minTrade = toWad(o.dealer.minHedgeTrade);
  return [new OptionAuctionKeeper(me, BigInt(Math.round(k.bidAt * 1e4)), inventory, minTrade), new OptionsWatch()];
}
