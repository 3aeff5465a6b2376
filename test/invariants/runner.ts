import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse, Interface, Log } from "ethers";
import type { Action } from "./actions";
import type { FuzzWorld } from "./world";
import { AUCTION } from "../liquidation/fixtures";
import { ETH_PARAMS, BTC_PARAMS } from "../lending/fixtures";

const WAD: bigint = 10n ** 18n;
const BPS = 10_000n;
const VIRTUAL_SHARES = 10n ** 6n;
const AMM_FEE_BPS = 30n;
/** collateral value = amount x priceWad / UNIT_SCALE[asset] (USDC has 6 decimals). */
const UNIT_SCALE = [10n ** 30n, 10n ** 20n];
const BONUS_BPS = [BigInt(ETH_PARAMS.liquidationBonusBps), BigInt(BTC_PARAMS.liquidationBonusBps)];
/**
 * Health band for "no action makes a healthy position unhealthy": every transaction mines a block one second
 * later, so interest alone moves health by up to ~3.6e-8 per second at the maximum rate (112%/year). A position
 * counts as healthy-with-margin above 1 + 1e-7.
 */
const HEALTH_BAND = 10n ** 11n;

export class InvariantViolation extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvariantViolation";
  }
}

function ensure(condition: boolean, message: string): asserts condition {
  if (!condition) throw new InvariantViolation(message);
}

const ceilDiv = (a: bigint, b: bigint) => (a + b - 1n) / b;

/* STATE */

export interface AccountSnapshot {
  supplyShares: bigint;
  borrowShares: bigint;
  collateral: [bigint, bigint];
  health: bigint;
  wallet: [bigint, bigint, bigint]; // USDC, WETH, WBTC
}

export interface AuctionSnapshot {
  id: bigint;
  borrower: string;
  asset: string;
  debtToRaise: bigint;
  collateral: bigint;
  startPrice: bigint;
  price: bigint;
  needsReset: boolean;
}

export interface State {
  poolUsdc: bigint;
  supplyAssets: bigint;
  supplyShares: bigint;
  borrowAssets: bigint;
  borrowShares: bigint;
  reserves: bigint;
  debtInAuction: bigint;
  badDebt: bigint;
  totalCollateral: [bigint, bigint];
  poolCollateral: [bigint, bigint];
  auctionCollateral: [bigint, bigint];
  auctionUsdc: bigint;
  auctions: AuctionSnapshot[];
  debtInAuctions: bigint;
  assetDebtInAuctions: [bigint, bigint];
  accounts: AccountSnapshot[];
  amm: { r0: bigint; r1: bigint; supply: bigint; b0: bigint; b1: bigint; traderShares: bigint };
}

export async function readState(w: FuzzWorld): Promise<State> {
  const { pool, auctions, amm, usdc, weth, wbtc } = w;
  const tokens = [usdc, weth, wbtc] as const;
  const collaterals = [weth, wbtc] as const;
  const [head, accounts, auctionList] = await Promise.all([
    Promise.all([
      usdc.balanceOf(pool),
      pool.totalSupplyAssets(),
      pool.totalSupplyShares(),
      pool.totalBorrowAssets(),
      pool.totalBorrowShares(),
      pool.reserves(),
      pool.debtInAuction(),
      pool.totalBadDebt(),
      pool.totalCollateral(weth),
      pool.totalCollateral(wbtc),
      weth.balanceOf(pool),
      wbtc.balanceOf(pool),
      weth.balanceOf(auctions),
      wbtc.balanceOf(auctions),
      usdc.balanceOf(auctions),
      auctions.debtInAuctions(pool),
      auctions.assetDebtInAuctions(pool, weth),
      auctions.assetDebtInAuctions(pool, wbtc),
      amm.getReserves(),
      amm.totalSupply(),
      weth.balanceOf(amm),
      usdc.balanceOf(amm),
      amm.balanceOf(w.trader.address),
    ]),
    Promise.all(
      w.actors.map(async (s) => {
        const [supplyShares, borrowShares, c0, c1, health, u, e, b] = await Promise.all([
          pool.supplyShares(s.address),
          pool.borrowShares(s.address),
          pool.collateralOf(s.address, weth),
          pool.collateralOf(s.address, wbtc),
          pool.healthFactor(s.address),
          ...tokens.map((t) => t.balanceOf(s.address)),
        ]);
        return { supplyShares, borrowShares, collateral: [c0, c1], health, wallet: [u, e, b] } as AccountSnapshot;
      }),
    ),
    auctions.activeAuctions(),
  ]);
  const [r0, r1] = head[18] as unknown as [bigint, bigint];
  const wethIsToken0 = (await amm.token0()) === (await weth.getAddress());
  void collaterals;
  const n = (i: number) => head[i] as bigint;
  return {
    poolUsdc: n(0),
    supplyAssets: n(1),
    supplyShares: n(2),
    borrowAssets: n(3),
    borrowShares: n(4),
    reserves: n(5),
    debtInAuction: n(6),
    badDebt: n(7),
    totalCollateral: [n(8), n(9)],
    poolCollateral: [n(10), n(11)],
    auctionCollateral: [n(12), n(13)],
    auctionUsdc: n(14),
    debtInAuctions: n(15),
    assetDebtInAuctions: [n(16), n(17)],
    auctions: auctionList.map((a) => ({
      id: a.id,
      borrower: a.borrower,
      asset: a.asset,
      debtToRaise: a.debtToRaise,
      collateral: a.collateral,
      startPrice: a.startPrice,
      price: a.price,
      needsReset: a.needsReset,
    })),
    accounts,
    // Normalised so that r0/b0 are WETH and r1/b1 are USDC.
    amm: {
      r0: wethIsToken0 ? r0 : r1,
      r1: wethIsToken0 ? r1 : r0,
      supply: n(19),
      b0: n(20),
      b1: n(21),
      traderShares: n(22),
    },
  };
}

/* EXECUTION */

export interface Outcome {
  ok: boolean;
  /** Custom error name when reverted, or "skipped" when the action had nothing to act on. */
  error?: string;
  args?: unknown[];
  logs: Log[];
  /** The auction an action targeted (take, redo). */
  auctionId?: bigint;
  /** The position a liquidation or kick targeted (see `pickUnhealthy`). */
  borrower?: number;
}

const PANIC_SELECTOR = "0x4e487b71";

function revertData(e: unknown): string | undefined {
  let cur: unknown = e;
  for (let depth = 0; depth < 5 && cur && typeof cur === "object"; depth++) {
    const o = cur as { data?: unknown; error?: unknown; info?: { error?: unknown } };
    if (typeof o.data === "string" && o.data.startsWith("0x")) return o.data;
    if (o.data && typeof o.data === "object" && typeof (o.data as { data?: unknown }).data === "string") {
      return (o.data as { data: string }).data;
    }
    cur = o.error ?? o.info?.error;
  }
  return undefined;
}

/** Decodes a revert against every contract's errors; a panic or an undecodable revert is itself a violation. */
function decodeRevert(w: FuzzWorld, e: unknown): { name: string; args: unknown[] } {
  const data = revertData(e);
  if (data === undefined) throw new InvariantViolation(`revert without data: ${String(e)}`);
  if (data.startsWith(PANIC_SELECTOR)) {
    throw new InvariantViolation(
      `panic ${BigInt("0x" + data.slice(10)).toString(16)}: a checked invariant of Solidity failed`,
    );
  }
  const interfaces: Interface[] = [w.pool.interface, w.auctions.interface, w.amm.interface, w.usdc.interface];
  for (const i of interfaces) {
    const parsed = i.parseError(data);
    if (parsed) return { name: parsed.name, args: [...parsed.args] };
  }
  throw new InvariantViolation(`undecodable revert ${data}`);
}

async function send(w: FuzzWorld, tx: () => Promise<ContractTransactionResponse>): Promise<Outcome> {
  try {
    const receipt = await (await tx()).wait();
    return { ok: true, logs: receipt ? [...receipt.logs] : [] };
  } catch (e) {
    if (e instanceof InvariantViolation) throw e;
    const { name, args } = decodeRevert(w, e);
    return { ok: false, error: name, args, logs: [] };
  }
}

const skipped: Outcome = { ok: false, error: "skipped", logs: [] };

function ammOut(amountIn: bigint, reserveIn: bigint, reserveOut: bigint) {
  const inWithFee = amountIn * (BPS - AMM_FEE_BPS);
  return (inWithFee * reserveOut) / (reserveIn * BPS + inWithFee);
}

/** `index`, or with `pickUnhealthy` the (index mod n)-th position below health 1 when there is one. */
function target(index: number, pickUnhealthy: boolean, pre: State) {
  const unhealthy = pre.accounts.flatMap((x, i) => (x.borrowShares > 0n && x.health < WAD ? [i] : []));
  return pickUnhealthy && unhealthy.length > 0 ? unhealthy[index % unhealthy.length] : index;
}

/** Runs one action. Reverts are fine (the invariants are checked afterwards either way). */
export async function execute(w: FuzzWorld, a: Action, pre: State): Promise<Outcome> {
  const { pool, auctions, amm, usdc, weth, wbtc } = w;
  const collaterals = [weth, wbtc] as const;
  const feeds = [w.ethFeed, w.btcFeed] as const;
  const actor = (i: number) => w.actors[i];
  switch (a.t) {
    case "supply":
      return send(w, () => pool.connect(actor(a.who)).supply(a.assets, actor(a.who).address));
    case "withdraw": {
      const assets = a.assets === "max" ? ethers.MaxUint256 : a.assets;
      const who = actor(a.who);
      return send(w, () => pool.connect(who).withdraw(assets, actor(a.onBehalf).address, who.address));
    }
    case "deposit": {
      // WETH: up to 10 ETH; WBTC: up to 10 BTC.
      const amount = a.asset === 0 ? a.amount : a.amount / 10n ** 10n + 1n;
      return send(w, () =>
        pool.connect(actor(a.who)).depositCollateral(collaterals[a.asset], amount, actor(a.onBehalf).address),
      );
    }
    case "withdrawCollateral": {
      const deposited = pre.accounts[a.onBehalf].collateral[a.asset];
      const amount = (deposited * BigInt(a.bps)) / BPS || 1n;
      const who = actor(a.who);
      return send(w, () =>
        pool.connect(who).withdrawCollateral(collaterals[a.asset], amount, actor(a.onBehalf).address, who.address),
      );
    }
    case "borrow": {
      const s = await pool.accountState(actor(a.onBehalf).address);
      const headroom = s.borrowLimit > s.debt ? s.borrowLimit - s.debt : 0n;
      const amount = (headroom * BigInt(a.bps)) / BPS || 1n;
      const who = actor(a.who);
      return send(w, () => pool.connect(who).borrow(amount, actor(a.onBehalf).address, who.address));
    }
    case "repay": {
      const assets = a.assets === "max" ? ethers.MaxUint256 : a.assets;
      return send(w, () => pool.connect(actor(a.who)).repay(assets, actor(a.onBehalf).address));
    }
    case "price": {
      const feed = feeds[a.asset];
      const next = ((await feed.answer()) * BigInt(10_000 + a.changeBps)) / BPS;
      // The other feed reports its unchanged answer in the same breath: staleness comes from time jumps.
      const other = feeds[1 - a.asset];
      await (await other.setAnswer(await other.answer())).wait();
      return send(w, () => feed.setAnswer(next > 0n ? next : 1n));
    }
    case "refreshPrice": {
      const feed = feeds[a.asset];
      return send(w, async () => feed.setAnswer(await feed.answer()));
    }
    case "time":
      await time.increase(a.seconds);
      return { ok: true, logs: [] };
    case "swap": {
      const trader = w.trader;
      const { r0, r1 } = pre.amm;
      const wethIsToken0 = (await amm.token0()) === (await weth.getAddress());
      const amountIn = ((a.wethIn ? r0 : r1) * BigInt(a.bps)) / BPS || 1n;
      const out = a.wethIn ? ammOut(amountIn, r0, r1) : ammOut(amountIn, r1, r0);
      if (out === 0n) return skipped;
      await (await (a.wethIn ? weth : usdc).connect(trader).transfer(amm, amountIn)).wait();
      const [out0, out1] = a.wethIn === wethIsToken0 ? [0n, out] : [out, 0n];
      return send(w, () => amm.connect(trader).swap(out0, out1, trader.address, "0x"));
    }
    case "liquidity": {
      const trader = w.trader;
      const { r0, r1, traderShares } = pre.amm;
      if (a.add) {
        const e = (r0 * BigInt(a.bps)) / BPS || 1n;
        const u = ceilDiv(e * r1, r0);
        await (await weth.connect(trader).transfer(amm, e)).wait();
        await (await usdc.connect(trader).transfer(amm, u)).wait();
        return send(w, () => amm.connect(trader).mint(trader.address));
      }
      const shares = (traderShares * BigInt(a.bps)) / BPS;
      if (shares === 0n) return skipped;
      await (await amm.connect(trader).transfer(amm, shares)).wait();
      return send(w, () => amm.connect(trader).burn(trader.address));
    }
    case "liquidate": {
      const who = actor(a.who);
      const b = target(a.borrower, a.pickUnhealthy, pre);
      const out = await send(w, () =>
        pool.connect(who).liquidate(actor(b).address, collaterals[a.asset], a.repay, who.address, 0n),
      );
      return { ...out, borrower: b };
    }
    case "kick": {
      const who = actor(a.who);
      const b = target(a.borrower, a.pickUnhealthy, pre);
      const out = await send(w, () =>
        auctions.connect(who).kick(pool, actor(b).address, collaterals[a.asset], who.address),
      );
      return { ...out, borrower: b };
    }
    case "take": {
      if (pre.auctions.length === 0) return skipped;
      const target = pre.auctions[a.slot % pre.auctions.length];
      const maxCollateral = (target.collateral * BigInt(a.bps)) / BPS || 1n;
      const maxPrice = (target.price * BigInt(a.maxPriceBps)) / BPS;
      const who = actor(a.who);
      const out = await send(w, () =>
        auctions.connect(who).take(target.id, maxCollateral, maxPrice, who.address, "0x"),
      );
      return { ...out, auctionId: target.id };
    }
    case "redo": {
      if (pre.auctions.length === 0) return skipped;
      const target = pre.auctions[a.slot % pre.auctions.length];
      const who = actor(a.who);
      const out = await send(w, () => auctions.connect(who).redo(target.id, who.address));
      return { ...out, auctionId: target.id };
    }
    case "pause": {
      const key = [await pool.PAUSE_BORROW(), await pool.PAUSE_WITHDRAW_COLLATERAL(), await pool.PAUSE_LIQUIDATE()][
        a.which
      ];
      return send(w, () => pool.connect(w.admin).setPaused(key, a.on));
    }
    case "stop":
      return send(w, () => auctions.connect(w.admin).setStopLevel(a.level));
    case "realizeBadDebt":
      return send(w, () => pool.connect(w.keeper).realizeBadDebt(actor(a.borrower).address));
  }
}

/* INVARIANTS */

/** What the checks remember across steps of one run. */
export interface Ghost {
  steps: number;
  /** Per auction id: debt to raise at kick, and what takes have raised so far. */
  tabs: Map<bigint, { initial: bigint; raised: bigint }>;
  /** Largest surplus of the pool over its books seen so far (reported, bounded). */
  maxSurplus: bigint;
  maxDebtDrift: bigint;
}

export const newGhost = (): Ghost => ({ steps: 0, tabs: new Map(), maxSurplus: 0n, maxDebtDrift: 0n });

function events(w: FuzzWorld, logs: Log[], name: string) {
  const out = [];
  for (const log of logs) {
    for (const i of [w.pool.interface, w.auctions.interface, w.amm.interface] as Interface[]) {
      try {
        const parsed = i.parseLog(log);
        if (parsed && parsed.name === name) out.push(parsed.args);
        if (parsed) break;
      } catch {
        // not this contract's event
      }
    }
  }
  return out;
}

/** Actions that only make an already-refused action impossible, or move prices/time. */
const PRICE_OR_TIME = new Set(["price", "time", "refreshPrice"]);

export async function checkInvariants(w: FuzzWorld, a: Action, outcome: Outcome, pre: State, post: State, g: Ghost) {
  g.steps += 1;
  const collateralAddresses = [await w.weth.getAddress(), await w.wbtc.getAddress()];

  // 1. Conservation: tokens held = owed to lenders + reserves - lent out - in auction (bad debt already deducted
  // from what lenders and reserves are owed), never less, and more only by rounding crumbs.
  const owed = post.supplyAssets + post.reserves - post.borrowAssets - post.debtInAuction;
  ensure(post.poolUsdc >= owed, `conservation: pool holds ${post.poolUsdc} but owes ${owed}`);
  const surplus = post.poolUsdc - owed;
  if (surplus > g.maxSurplus) g.maxSurplus = surplus;
  ensure(surplus <= 10n + BigInt(g.steps), `conservation: pool holds ${surplus} wei more than its books`);
  ensure(post.badDebt >= pre.badDebt, "total bad debt decreased");

  // 2. Shares and collateral add up.
  const sum = (xs: bigint[]) => xs.reduce((x, y) => x + y, 0n);
  ensure(sum(post.accounts.map((x) => x.supplyShares)) === post.supplyShares, "supply shares do not add up");
  ensure(sum(post.accounts.map((x) => x.borrowShares)) === post.borrowShares, "borrow shares do not add up");
  for (const i of [0, 1]) {
    const held = sum(post.accounts.map((x) => x.collateral[i]));
    ensure(
      held === post.totalCollateral[i],
      `collateral ${i}: accounts hold ${held}, total ${post.totalCollateral[i]}`,
    );
    ensure(post.poolCollateral[i] === held, `collateral ${i}: pool holds ${post.poolCollateral[i]}, books ${held}`);
  }

  // 3. Total debt equals the sum of borrowers' debts: each debt rounds up (at most one wei per borrower), and each
  // partial repayment/liquidation burns shares rounded down (at most one wei per action in the protocol's favour).
  const debts = post.accounts.map((x) =>
    ceilDiv(x.borrowShares * (post.borrowAssets + 1n), post.borrowShares + VIRTUAL_SHARES),
  );
  const debtSum = sum(debts);
  ensure(debtSum + 1n >= post.borrowAssets, `sum of debts ${debtSum} < total borrowed ${post.borrowAssets} - 1`);
  const drift = debtSum - post.borrowAssets;
  if (drift > g.maxDebtDrift) g.maxDebtDrift = drift;
  ensure(drift <= BigInt(w.actors.length + g.steps), `sum of debts exceeds total borrowed by ${drift}`);

  // 4. Auction books: the liquidator holds exactly the collateral of active auctions and never keeps debt asset.
  ensure(post.auctionUsdc === 0n, `auction holds ${post.auctionUsdc} debt asset`);
  for (const i of [0, 1]) {
    const inLots = sum(post.auctions.filter((x) => x.asset === collateralAddresses[i]).map((x) => x.collateral));
    ensure(post.auctionCollateral[i] === inLots, `auction holds ${post.auctionCollateral[i]} of ${i}, lots ${inLots}`);
    const tabs = sum(post.auctions.filter((x) => x.asset === collateralAddresses[i]).map((x) => x.debtToRaise));
    ensure(
      post.assetDebtInAuctions[i] === tabs,
      `asset ${i} debt in auctions ${post.assetDebtInAuctions[i]} != ${tabs}`,
    );
  }
  ensure(post.debtInAuctions === sum(post.auctions.map((x) => x.debtToRaise)), "debt in auctions != sum of tabs");
  if (post.auctions.length === 0) {
    ensure(post.debtInAuction === 0n, `no auction active but the market books ${post.debtInAuction} in auction`);
  }

  // 5. Lenders' share price never falls except when a loss is charged to them (bad debt, keeper incentive).
  const lenderLoss =
    events(w, outcome.logs, "BadDebtRealized").some((e) => e.fromLenders > 0n) ||
    events(w, outcome.logs, "KeeperIncentivePaid").some((e) => e.fromLenders > 0n);
  if (!lenderLoss) {
    const before = (pre.supplyAssets + 1n) * (post.supplyShares + VIRTUAL_SHARES);
    const after = (post.supplyAssets + 1n) * (pre.supplyShares + VIRTUAL_SHARES);
    ensure(after >= before, "lenders' share price fell without a recorded loss");
  }

  // 6. No account loses what it owns unless it acted itself, or was liquidated.
  const acts = (i: number) => "who" in a && a.who === i;
  const onBehalf = (i: number) => "onBehalf" in a && a.onBehalf === i && outcome.ok;
  const liquidated = (i: number) => (a.t === "liquidate" || a.t === "kick") && outcome.borrower === i && outcome.ok;
  for (const [i, x] of post.accounts.entries()) {
    const y = pre.accounts[i];
    if (x.supplyShares < y.supplyShares) {
      ensure(a.t === "withdraw" && onBehalf(i), `account ${i} lost supply shares on ${a.t}`);
    }
    if (x.borrowShares > y.borrowShares) ensure(a.t === "borrow" && onBehalf(i), `account ${i} got debt on ${a.t}`);
    for (const k of [0, 1]) {
      if (x.collateral[k] < y.collateral[k]) {
        ensure(
          (a.t === "withdrawCollateral" && onBehalf(i)) || liquidated(i),
          `account ${i} lost collateral on ${a.t}`,
        );
      }
      if (x.collateral[k] > y.collateral[k]) ensure(a.t === "deposit" && onBehalf(i), `account ${i} gained collateral`);
    }
    const movesTrader = i === 8 && (a.t === "swap" || a.t === "liquidity");
    for (const k of [0, 1, 2]) {
      if (x.wallet[k] < y.wallet[k]) ensure(acts(i) || movesTrader, `account ${i} lost wallet token ${k} on ${a.t}`);
    }
  }
  // Acting for someone else without an authorisation (none are granted in the fuzzer) must be refused.
  if ((a.t === "withdraw" || a.t === "borrow" || a.t === "withdrawCollateral") && a.who !== a.onBehalf) {
    ensure(!outcome.ok, `${a.t} for another account succeeded`);
    ensure(outcome.error === "Unauthorized" || outcome.error === "Paused", `${a.t} for another: ${outcome.error}`);
  }

  // 7. No action other than a price move or time leaves a healthy position unhealthy.
  if (!PRICE_OR_TIME.has(a.t)) {
    for (const [i, x] of post.accounts.entries()) {
      const before = pre.accounts[i].health;
      if (before >= WAD + HEALTH_BAND && x.borrowShares > 0n) {
        ensure(x.health >= WAD, `${a.t} left account ${i} unhealthy (${before} -> ${x.health})`);
      }
    }
  }

  // 8. A fixed-bonus liquidation never raises the borrower's debt nor seizes more than repaid x (1 + bonus).
  if (a.t === "liquidate" && outcome.ok) {
    const [e] = events(w, outcome.logs, "Liquidation");
    const k = a.asset;
    const b = outcome.borrower!;
    const seizedValue = BigInt(e.seized) * BigInt(e.price) * BPS;
    ensure(
      seizedValue <= BigInt(e.repaid) * (BPS + BONUS_BPS[k]) * UNIT_SCALE[k],
      "liquidation seized above the bonus",
    );
    const x = post.accounts[b];
    const y = pre.accounts[b];
    ensure(x.borrowShares < y.borrowShares, "liquidation did not lower the borrower's debt shares");
    ensure(y.collateral[k] - x.collateral[k] === e.seized, "borrower lost more collateral than was seized");
    ensure(post.accounts[a.who].wallet[k + 1] - pre.accounts[a.who].wallet[k + 1] === e.seized, "seized not paid out");
  }

  // 9. A kick moves no more debt than the borrower had, adds exactly the penalty, and seizes what it reports.
  if (a.t === "kick" && outcome.ok) {
    const [seized] = events(w, outcome.logs, "SeizedForAuction");
    const [kick] = events(w, outcome.logs, "Kick");
    const x = post.accounts[outcome.borrower!];
    const y = pre.accounts[outcome.borrower!];
    ensure(x.borrowShares < y.borrowShares || y.borrowShares === 0n, "kick did not lower the borrower's debt");
    ensure(y.collateral[a.asset] - x.collateral[a.asset] === seized.collateral, "kick moved other collateral");
    const withPenalty = ceilDiv(seized.debt * (BPS + BigInt(AUCTION.penaltyBps)), BPS);
    ensure(
      kick.debtToRaise <= withPenalty,
      `debt to raise ${kick.debtToRaise} > principal with penalty ${withPenalty}`,
    );
    g.tabs.set(kick.id, { initial: kick.debtToRaise, raised: 0n });
  }

  // 10. A take never sells below the reset floor nor above the start, never raises more than the tab, and the
  // taker pays at least the price for what it gets.
  if (a.t === "take" && outcome.ok) {
    const [e] = events(w, outcome.logs, "Take");
    const before = pre.auctions.find((x) => x.id === e.id);
    ensure(before !== undefined, "take on an auction that was not active");
    const floor = (before.startPrice * BigInt(AUCTION.resetThreshold)) / WAD;
    ensure(e.price >= floor, `take at ${e.price} below the reset floor ${floor}`);
    ensure(e.price <= before.startPrice, `take at ${e.price} above the start price ${before.startPrice}`);
    ensure(e.owe <= before.debtToRaise, `take raised ${e.owe} > debt to raise ${before.debtToRaise}`);
    const k = before.asset === collateralAddresses[0] ? 0 : 1;
    ensure(e.owe * UNIT_SCALE[k] >= e.collateral * e.price, "taker paid less than the price");
    const tab = g.tabs.get(e.id);
    if (tab) {
      tab.raised += e.owe;
      ensure(tab.raised <= tab.initial, `auction ${e.id} raised ${tab.raised} > its tab ${tab.initial}`);
    }
    const taker = a.who;
    ensure(pre.accounts[taker].wallet[0] - post.accounts[taker].wallet[0] === e.owe, "taker paid other than owe");
  }

  // 11. The AMM: reserves equal balances; k never falls on a swap; an LP share is never worth less.
  ensure(post.amm.r0 === post.amm.b0 && post.amm.r1 === post.amm.b1, "AMM reserves differ from balances");
  if (a.t === "swap" && outcome.ok) {
    ensure(post.amm.r0 * post.amm.r1 >= pre.amm.r0 * pre.amm.r1, "k decreased on a swap");
  }
  const lpBefore = pre.amm.r0 * pre.amm.r1 * post.amm.supply ** 2n;
  const lpAfter = post.amm.r0 * post.amm.r1 * pre.amm.supply ** 2n;
  ensure(lpAfter >= lpBefore, "an LP share is worth less than before");
  if (a.t === "liquidity" && !a.add && outcome.ok) {
    const [burn] = events(w, outcome.logs, "Burn");
    const shares = pre.amm.traderShares - post.amm.traderShares;
    ensure(burn !== undefined, "burn emitted nothing");
    const expected0 = (shares * pre.amm.r0) / pre.amm.supply;
    const expected1 = (shares * pre.amm.r1) / pre.amm.supply;
    const got = [burn.amount0, burn.amount1].sort();
    const want = [expected0, expected1].sort();
    ensure(got[0] === want[0] && got[1] === want[1], `LP burn paid ${got}, its share is ${want}`);
  }
}
