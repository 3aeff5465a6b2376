/**
 * The margin-acceleration measurement (issue 20): how much a spot move raises the maintenance margin of one short ATM
 * call, by time to expiry, read from the contracts (OptionsVenue on a LaggedPriceFeed with zero latency). Gamma makes
 * the short-dated call's requirement rise faster: the same +5% raises a 1-day call's margin about twice as much as a
 * 30-day one's at σ = 80%.
 */
import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import { deployOptionsVenue } from "./deploy";
import { DEFAULT_VOL, WAD } from "./params";

export const DAY = 86_400n;
const FEED_DECIMALS = 8n;

export interface AccelerationRow {
  /** Days to expiry. */
  days: number;
  /** Maintenance margin at the initial spot (WAD quote). */
  before: bigint;
  /** Maintenance margin after each move, in the order of `moves` (WAD quote). */
  after: bigint[];
}

export interface AccelerationTable {
  spot: bigint;
  vol: bigint;
  /** Spot moves in basis points (500 = +5%). */
  movesBps: bigint[];
  rows: AccelerationRow[];
}

/** Relative change after/before − 1 as a double. */
export const change = (before: bigint, after: bigint): number =>
  Number(((after - before) * 10n ** 12n) / before) / 1e12;

/**
 * Deploys a fresh venue and measures, for each expiry in `days`, one short ATM call's maintenance margin before and
 * after each spot move. Every read happens at a block time set explicitly, so the figures do not depend on how long
 * the run takes.
 */
export async function measureMarginAcceleration(
  days: number[],
  movesBps: bigint[],
  spot = 2_000n * WAD,
  vol = DEFAULT_VOL,
): Promise<AccelerationTable> {
  const [admin, ...writers] = await ethers.getSigners();
  const quote = await ethers.deployContract("MockERC20", ["USD", "USD", 18]);
  const feed = await ethers.deployContract("LaggedPriceFeed", [
    Number(FEED_DECIMALS),
    "ETH/USD",
    admin.address,
    admin.address,
    0,
    0,
  ]);
  const toAnswer = (p: bigint) => p / 10n ** (18n - FEED_DECIMALS);
  const venue = await deployOptionsVenue(admin, await quote.getAddress(), await feed.getAddress(), { vol });
  const t0 = BigInt(await time.latest()) + 10n;
  await time.setNextBlockTimestamp(t0);
  await feed.submit(toAnswer(spot), t0);
  const rows: AccelerationRow[] = [];
  let t = t0;
  const next = async () => {
    t += 1n;
    await time.setNextBlockTimestamp(t);
  };
  // Every expiry is measured `days` after the same reference instant (t0 + 100 s), so all reads share one clock.
  const ref = t0 + 100n;
  const ids: bigint[] = [];
  for (let i = 0; i < days.length; i++) {
    const w = writers[i];
    await next();
    await venue.createSeries(true, spot, ref + BigInt(days[i]) * DAY);
    ids.push(await venue.seriesCount());
    await next();
    await quote.mint(w.address, 10_000n * WAD);
    await next();
    await quote.connect(w).approve(await venue.getAddress(), ethers.MaxUint256);
    await next();
    await venue.connect(w).deposit(w.address, 10_000n * WAD);
    await next();
    await venue.connect(w).write(ids[i], WAD, admin.address);
  }
  const read = async () => {
    await time.increaseTo(ref); // mines a block at `ref`
    const out: bigint[] = [];
    // At that block number explicitly: a "latest" call may run in a new block at the wall clock's time.
    const blockTag = await ethers.provider.getBlockNumber();
    for (let i = 0; i < days.length; i++) {
      out.push((await venue.marginState(writers[i].address, { blockTag })).maintenance);
    }
    return out;
  };
  const snapshot = await ethers.provider.send("evm_snapshot", []);
  const before = await read();
  await ethers.provider.send("evm_revert", [snapshot]);
  const after: bigint[][] = days.map(() => []);
  for (const move of movesBps) {
    const s = await ethers.provider.send("evm_snapshot", []);
    await next();
    await feed.submit(toAnswer((spot * (10_000n + move)) / 10_000n), t);
    const m = await read();
    m.forEach((v, i) => after[i].push(v));
    await ethers.provider.send("evm_revert", [s]);
  }
  days.forEach((d, i) => rows.push({ days: d, before: before[i], after: after[i] }));
  return { spot, vol, movesBps, rows };
}

/** Formats the table as markdown: maintenance before, then the change after each move. */
export function accelerationMarkdown(t: AccelerationTable): string {
  const pct = (x: number) => `${x >= 0 ? "+" : ""}${(x * 100).toFixed(1)}%`;
  const money = (x: bigint) => (Number((x * 100n) / WAD) / 100).toFixed(2);
  const head = `| expiry | maintenance at spot ${money(t.spot)} | ${t.movesBps.map((m) => `spot ${pct(Number(m) / 1e4)}`).join(" | ")} |`;
  const sep = `|---|---:|${t.movesBps.map(() => "---:").join("|")}|`;
  const lines = t.rows.map(
    (r) =>
      `| ${r.days} day${r.days === 1 ? "" : "s"} | ${money(r.before)} | ${r.after.map((a) => `${money(a)} (${pct(change(r.before, a))})`).join(" | ")} |`,
  );
  return [head, sep, ...lines].join("\n");
}
