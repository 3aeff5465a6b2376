/**
 * The short-gamma hedging spiral, standalone (issue 20): a dealer short puts on the OptionsVenue delta-hedges on the
 * lab's AMM every block; an exogenous seller starts a fall; as the puts' |delta| grows the dealer sells more into the
 * fall (the gamma loop), the lagged feed follows, writers of puts fall under maintenance, an auction keeper takes their
 * portfolios over and hedges them too. At expiry every short is settled: bad debt is recognised, money conserved.
 *
 * Run: `npx hardhat run scripts/derivatives/options/spiral.ts` (writes out/options-spiral/{blocks.csv,summary.json});
 * SPIRAL_WRITE_DOC=1 also rewrites the spiral section of docs/derivatives-options.md; SPIRAL_BLOCKS overrides the
 * preset's block count. Each run compares the preset with the same run without dealer hedging (the counterfactual).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import type { Signer } from "ethers";
import { ethers } from "hardhat";
import { Rng } from "../../sim/random";
import { OptionAuctionKeeper } from "./agents/option-auction-keeper";
import { OptionDealer } from "./agents/option-dealer";
import { OracleUpdater, ShockSeller } from "./agents/option-market";
import type { BlockActivity, Sender, SpiralAgent } from "./agents/types";
import { scheduler, type At } from "./clock";
import { hedgeTarget } from "./hedge";
import { SHORT_GAMMA_SPIRAL, type SpiralConfig } from "./spiral-preset";
import { buildSpiralWorld, toWad, type SpiralWorld } from "./spiral-world";

const WAD = 10n ** 18n;
const BLOCK_SECONDS = 12;
const MAX = 2n ** 255n;

export interface SpiralBlock {
  block: number;
  ammPrice: number;
  feedPrice: number;
  hedgeSold: number;
  hedgeBought: number;
  auctionsStarted: number;
  bids: number;
  reverted: number;
  writersUnderMaintenance: number;
  insuranceFund: number;
}

export interface SpiralSummary {
  dealerHedges: boolean;
  startPrice: number;
  minAmmPrice: number;
  finalAmmPrice: number;
  /** Collateral the hedgers (dealer and keeper) sold, net of what they bought back, units. */
  hedgeNetSold: number;
  auctionsStarted: number;
  bids: number;
  settlementPrice: number;
  /** Bad debt recognised at settlement, debt units. */
  badDebt: number;
  insuranceFundStart: number;
  insuranceFundEnd: number;
  /** Whether the venue's balance equalled cash + fund + payout pools to the wei after settlement. */
  moneyConserved: boolean;
}

export interface SpiralResult {
  blocks: SpiralBlock[];
  summary: SpiralSummary;
}

const units = (x: bigint) => Number((x * 1_000_000n) / WAD) / 1e6;

/** Deposits plenty, writes, then withdraws down to `multiple` x the initial requirement. */
async function writeWithCushion(
  w: SpiralWorld,
  at: At,
  s: Signer,
  legs: [bigint, bigint][],
  multiple: number,
  buyer: string,
) {
  const who = await s.getAddress();
  const big = 10n ** 12n * WAD;
  await at(() => w.debt.mint(who, big));
  await at(async () => w.debt.connect(s).approve(await w.venue.getAddress(), MAX));
  await at(() => w.venue.connect(s).deposit(who, big));
  for (const [id, amount] of legs) await at(() => w.venue.connect(s).write(id, amount, buyer));
  // Read at the time the withdrawal will run (views see the latest block; the mark decays by the second).
  await at(() => ethers.provider.send("evm_mine", []));
  const m = await w.venue.marginState(who);
  const keep = (m.initial * toWad(multiple)) / WAD;
  await at(() => w.venue.connect(s).withdraw(m.cash - keep));
}

export async function runSpiral(c: SpiralConfig): Promise<SpiralResult> {
  const signers = await ethers.getSigners();
  if (c.writers + 5 > signers.length) throw new Error(`spiral: at most ${signers.length - 5} writers`);
  const [admin, dealer, keeper, shock, buyer] = signers;
  const writers = signers.slice(5, 5 + c.writers);
  const w = await buildSpiralWorld(c);
  const rng = new Rng(c.seed);
  const at = scheduler(w.now() + 10);
  const expiry = BigInt(w.now()) + BigInt(Math.round(c.expiryDays * 86_400));
  const ids: bigint[] = [];
  for (const k of c.strikes) {
    await at(() => w.venue.createSeries(false, toWad(Math.round(c.spot * k)), expiry));
    ids.push(await w.venue.seriesCount());
  }
  const perStrike = toWad(c.dealerUnits / ids.length);
  await writeWithCushion(
    w,
    at,
    dealer,
    ids.map((id) => [id, perStrike]),
    c.dealerMarginMultiple,
    buyer.address,
  );
  for (const s of writers) {
    const id = ids[rng.int(ids.length)];
    const amount = toWad(Math.round(rng.uniformIn(c.writerUnits[0], c.writerUnits[1])));
    await writeWithCushion(
      w,
      at,
      s,
      [[id, amount]],
      rng.uniformIn(c.writerMarginMultiple[0], c.writerMarginMultiple[1]),
      buyer.address,
    );
  }
  const router = await w.router.getAddress();
  const venue = await w.venue.getAddress();
  // The dealer starts hedged: it holds its base inventory plus Σ units·Δ at the opening spot (hedge.ts).
  const dealerLegs = [];
  for (const id of ids) dealerLegs.push({ units: perStrike, delta: (await w.venue.greeks(id))[0] });
  const dealerStart = hedgeTarget(toWad(c.dealerInventory), dealerLegs);
  for (const [s, inventory] of [
    [dealer, dealerStart],
    [keeper, toWad(c.keeperInventory)],
    [shock, toWad(c.ammDepth)],
  ] as [Signer, bigint][]) {
    const who = await s.getAddress();
    await at(() => w.collateral.mint(who, inventory));
    await at(() => w.collateral.connect(s).approve(router, MAX));
    await at(() => w.debt.mint(who, 10n ** 9n * WAD));
    await at(() => w.debt.connect(s).approve(router, MAX));
  }
  await at(() => w.debt.connect(keeper).approve(venue, MAX));
  await at(() => w.venue.connect(keeper).deposit(keeper.address, toWad(c.keeperCash)));
  await at(() => w.debt.mint(admin.address, toWad(c.insuranceFund)));
  await at(() => w.debt.approve(venue, MAX));
  await at(() => w.venue.fundInsurance(toWad(c.insuranceFund)));
  const minTrade = toWad(c.minHedgeTrade);
  const agents: SpiralAgent[] = [
    new ShockSeller(shock, BigInt(Math.round(c.shockFraction * 1e6)), c.shockBlocks),
    new OracleUpdater(admin),
    new OptionDealer(dealer, toWad(c.dealerInventory), minTrade, c.dealerHedges),
    new OptionAuctionKeeper(
      keeper,
      writers.map((s) => s.address),
      BigInt(Math.round(c.keeperBidAt * 1e4)),
      toWad(c.keeperInventory),
      minTrade,
    ),
  ];

  const nonces = new Map<string, number>();
  for (const s of [admin, dealer, keeper, shock])
    nonces.set(s.address, await ethers.provider.getTransactionCount(s.address));
  let hashes: string[] = [];
  const send: Sender = async (s, build) => {
    const who = await s.getAddress();
    const nonce = nonces.get(who)!;
    nonces.set(who, nonce + 1);
    const tx = (await build(nonce)) as { hash: string };
    hashes.push(tx.hash);
  };

  await w.refresh();
  const startPrice = units(w.spotWad());
  const fundStart = await w.venue.insuranceFund();
  const blocks: SpiralBlock[] = [];
  await ethers.provider.send("evm_setAutomine", [false]);
  try {
    for (let b = 0; b < c.blocks; b++) {
      await w.refresh();
      const activity: BlockActivity = { hedgeSold: 0n, hedgeBought: 0n, auctionsStarted: 0, bids: 0 };
      hashes = [];
      for (const a of agents) await a.act(w, b, send, activity);
      await ethers.provider.send("evm_mine", [w.now() + BLOCK_SECONDS]);
      let reverted = 0;
      for (const h of hashes) if ((await ethers.provider.getTransactionReceipt(h))?.status !== 1) reverted++;
      await w.refresh();
      let under = 0;
      for (const s of writers) {
        const m = await w.venue.marginState(s.address);
        if (m.cash < m.maintenance) under++;
      }
      blocks.push({
        block: b,
        ammPrice: units(w.spotWad()),
        feedPrice: units(await w.venue.spot()),
        hedgeSold: units(activity.hedgeSold),
        hedgeBought: units(activity.hedgeBought),
        auctionsStarted: activity.auctionsStarted,
        bids: activity.bids,
        reverted,
        writersUnderMaintenance: under,
        insuranceFund: units(await w.venue.insuranceFund()),
      });
    }
  } finally {
    await ethers.provider.send("evm_setAutomine", [true]);
  }

  // Expiry: the updater submits the AMM price after expiry, every short is settled, bad debt is recognised.
  await ethers.provider.send("evm_setNextBlockTimestamp", [Number(expiry) + 1]);
  await w.refresh();
  await w.feed.submit(w.spotWad() / 10n ** 10n, Number(expiry) + 1);
  for (let i = 0; i < c.feedLatencyBlocks; i++) await ethers.provider.send("evm_mine", []);
  for (const id of ids) await w.venue.settleSeries(id);
  for (const s of [dealer, keeper, ...writers]) {
    for (const id of await w.venue.positionsOf(s.address)) await w.venue.settleShort(s.address, id);
  }
  const balance = await w.debt.balanceOf(venue);
  const booked = (await w.venue.totalCash()) + (await w.venue.insuranceFund()) + (await w.venue.totalPayoutPools());
  const sold = blocks.reduce((a, r) => a + r.hedgeSold - r.hedgeBought, 0);
  return {
    blocks,
    summary: {
      dealerHedges: c.dealerHedges,
      startPrice,
      minAmmPrice: Math.min(...blocks.map((r) => r.ammPrice)),
      finalAmmPrice: blocks[blocks.length - 1].ammPrice,
      hedgeNetSold: Math.round(sold * 1e6) / 1e6,
      auctionsStarted: blocks.reduce((a, r) => a + r.auctionsStarted, 0),
      bids: blocks.reduce((a, r) => a + r.bids, 0),
      settlementPrice: units((await w.venue.series(ids[0])).settlementPrice),
      badDebt: units(await w.venue.totalBadDebt()),
      insuranceFundStart: units(fundStart),
      insuranceFundEnd: units(await w.venue.insuranceFund()),
      moneyConserved: balance === booked,
    },
  };
}

/** Runs `c` on a fresh chain state and restores the chain afterwards (so runs are independent and repeatable). */
export async function runSpiralIsolated(c: SpiralConfig): Promise<SpiralResult> {
  const snapshot = await ethers.provider.send("evm_snapshot", []);
  try {
    return await runSpiral(c);
  } finally {
    await ethers.provider.send("evm_revert", [snapshot]);
  }
}

function csv(rows: SpiralBlock[]): string {
  const keys = Object.keys(rows[0]) as (keyof SpiralBlock)[];
  return [keys.join(","), ...rows.map((r) => keys.map((k) => String(r[k])).join(","))].join("\n") + "\n";
}

export function spiralMarkdown(on: SpiralSummary, off: SpiralSummary): string {
  const row = (label: string, f: (s: SpiralSummary) => string) => `| ${label} | ${f(on)} | ${f(off)} |`;
  const fall = (s: SpiralSummary) => `${(((s.minAmmPrice - s.startPrice) / s.startPrice) * 100).toFixed(2)}%`;
  return [
    "| | dealer hedges (the preset) | dealer does not hedge |",
    "|---|---:|---:|",
    row("start price", (s) => s.startPrice.toFixed(2)),
    row("lowest AMM price", (s) => `${s.minAmmPrice.toFixed(2)} (${fall(s)})`),
    row("final AMM price", (s) => s.finalAmmPrice.toFixed(2)),
    row("collateral sold by hedgers, net (units)", (s) => s.hedgeNetSold.toFixed(2)),
    row("auctions started", (s) => String(s.auctionsStarted)),
    row("auction bids", (s) => String(s.bids)),
    row("settlement price", (s) => s.settlementPrice.toFixed(2)),
    row("bad debt recognised at settlement", (s) => s.badDebt.toFixed(2)),
    row("insurance fund, start → end", (s) => `${s.insuranceFundStart.toFixed(0)} → ${s.insuranceFundEnd.toFixed(2)}`),
    row("money conserved (to the wei)", (s) => (s.moneyConserved ? "yes" : "NO")),
  ].join("\n");
}

async function main() {
  const blocks = process.env.SPIRAL_BLOCKS ? Number(process.env.SPIRAL_BLOCKS) : SHORT_GAMMA_SPIRAL.blocks;
  const preset = { ...SHORT_GAMMA_SPIRAL, blocks };
  const on = await runSpiralIsolated(preset);
  const off = await runSpiralIsolated({ ...preset, dealerHedges: false });
  const dir = "out/options-spiral";
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}/blocks.csv`, csv(on.blocks));
  writeFileSync(`${dir}/blocks-no-hedge.csv`, csv(off.blocks));
  writeFileSync(
    `${dir}/summary.json`,
    JSON.stringify({ preset, hedging: on.summary, noHedging: off.summary }, null, 2) + "\n",
  );
  const table = spiralMarkdown(on.summary, off.summary);
  console.log(table);
  if (process.env.SPIRAL_WRITE_DOC === "1") {
    const path = "docs/derivatives-options.md";
    const doc = readFileSync(path, "utf8");
    const begin = "<!-- generated:spiral -->";
    const end = "<!-- /generated:spiral -->";
    const a = doc.indexOf(begin);
    const b = doc.indexOf(end);
    if (a < 0 || b < a) throw new Error(`${path}: spiral markers not found`);
    writeFileSync(path, `${doc.slice(0, a + begin.length)}\n${table}\n${doc.slice(b)}`);
  }
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exitCode = 1;
  });
}
