import { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { ContractTransactionResponse, Interface, Log } from "ethers";
import type { Action } from "./actions";
import { ETH_FEED_LATENCY, type FuzzWorld } from "./world";
import { AUCTION } from "../liquidation/fixtures";
import { thresholdAt, type RefThresholdRamp } from "../helpers/lendingMath";
import { MARKET } from "../lending/fixtures";

const WAD: bigint = 10n ** 18n;
const BPS = 10_000n;
const VIRTUAL_SHARES = 10n ** 6n;
const AMM_FEE_BPS = 30n;
/** collateral value = amount x priceWad / UNIT_SCALE[asset] (USDC has 6 decimals). */
const UNIT_SCALE = [10n ** 30n, 10n ** 20n];
/**
 * Health band for "no action makes a healthy position unhealthy": every transaction mines a block one second
 * later, so interest alone moves health by up to ~3.6e-8 per second at the maximum rate (112%/year). A position
 * counts as healthy-with-margin above 1 + 1e-7.
 */
const HEALTH_BAND = 10n ** 11n;
/** Both feeds have 8 decimals. */
const FEED_TO_WAD = 10n ** 10n;
/** Auction price steps of the fuzz world's stairstep curve (1% every 90 s). */
const CURVE_STEP_SECONDS = 90;

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
  startTime: bigint;
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
  /** The WETH feed's visible round (a lagged answer becoming visible moves prices without a price action). */
  ethRound: bigint;
  /** Visible oracle answers as WAD prices (WETH, WBTC): what values are measured with. */
  prices: [bigint, bigint];
  /** Collateral parameters in force (WETH, WBTC). */
  configs: { ltv: bigint; threshold: bigint; bonusBps: bigint }[];
  /** The block time the state was read at, and each collateral's threshold ramp (thresholds move with time). */
  timestamp: bigint;
  ramps: RefThresholdRamp[];
}

/** Words of FuzzStateReader's answer before the accounts, per account and per auction (see its `read`). */
const READER_HEAD = 34;
const READER_PER_ACCOUNT = 8;
const READER_PER_AUCTION = 10;

/**
 * The whole world in one `eth_call` to the test-only FuzzStateReader (contracts/test), which calls the same views
 * the fuzzer used to call one by one (~110 calls a step, 80% of a step's time).
 */
export async function readState(w: FuzzWorld): Promise<State> {
  const hex = await ethers.provider.call({ to: w.reader.address, data: w.reader.data });
  // ABI of a lone uint256[]: offset word, length word, then the items.
  const word = (i: number) => BigInt("0x" + hex.slice(2 + 64 * (i + 2), 2 + 64 * (i + 3)));
  const address = (i: number) => ethers.getAddress("0x" + hex.slice(2 + 64 * (i + 2) + 24, 2 + 64 * (i + 3)));
  const accounts: AccountSnapshot[] = w.actors.map((_, j) => {
    const at = READER_HEAD + j * READER_PER_ACCOUNT;
    return {
      supplyShares: word(at),
      borrowShares: word(at + 1),
      collateral: [word(at + 2), word(at + 3)],
      health: word(at + 4),
      wallet: [word(at + 5), word(at + 6), word(at + 7)],
    };
  });
  const lotsAt = READER_HEAD + w.actors.length * READER_PER_ACCOUNT;
  const auctionList: AuctionSnapshot[] = [];
  for (let k = 0; k < Number(word(lotsAt)); k++) {
    const at = lotsAt + 1 + k * READER_PER_AUCTION;
    auctionList.push({
      id: word(at),
      borrower: address(at + 2),
      asset: address(at + 3),
      debtToRaise: word(at + 4),
      collateral: word(at + 5),
      startPrice: word(at + 6),
      startTime: word(at + 7),
      price: word(at + 8),
      needsReset: word(at + 9) === 1n,
    });
  }
  const wethIsToken0 = word(33) === 1n;
  const [r0, r1] = [word(18), word(19)];
  const config = (at: number) => ({ ltv: word(at), threshold: word(at + 1), bonusBps: word(at + 2) });
  // Thresholds move with time (the market's ramp): the block time and each collateral's ramp, read at the same block.
  const [ramp0, ramp1, timestamp] = await Promise.all([
    w.pool.thresholdRamp(w.weth),
    w.pool.thresholdRamp(w.wbtc),
    time.latest(),
  ]);
  return {
    poolUsdc: word(0),
    supplyAssets: word(1),
    supplyShares: word(2),
    borrowAssets: word(3),
    borrowShares: word(4),
    reserves: word(5),
    debtInAuction: word(6),
    badDebt: word(7),
    totalCollateral: [word(8), word(9)],
    poolCollateral: [word(10), word(11)],
    auctionCollateral: [word(12), word(13)],
    auctionUsdc: word(14),
    debtInAuctions: word(15),
    assetDebtInAuctions: [word(16), word(17)],
    auctions: auctionList,
    accounts,
    // Normalised so that r0/b0 are WETH and r1/b1 are USDC.
    amm: {
      r0: wethIsToken0 ? r0 : r1,
      r1: wethIsToken0 ? r1 : r0,
      supply: word(20),
      b0: word(21),
      b1: word(22),
      traderShares: word(23),
    },
    ethRound: word(24),
    prices: [word(25) * FEED_TO_WAD, word(26) * FEED_TO_WAD],
    configs: [config(27), config(30)],
    timestamp: BigInt(timestamp),
    ramps: [ramp0, ramp1].map((r) => ({ target: r.target, from: r.from, end: r.end, duration: r.duration })),
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
  /** Steering moved prices or time before the action itself (checks that assume a still world skip the step). */
  moved?: boolean;
  /**
   * riskAttack: the controller's (ltv, threshold) had `update()` been called alone in the same block; the threshold
   * is the market's ramp target (a cut only starts in the update's block).
   */
  counterfactual?: { ltv: bigint; threshold: bigint };
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
  const interfaces: Interface[] = [
    w.pool.interface,
    w.auctions.interface,
    w.amm.interface,
    w.usdc.interface,
    w.breaker.interface,
    w.controller.interface,
    w.flash.interface,
    w.ethFeed.interface,
  ];
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

/** The latest answer submitted to an asset's feed (for WETH possibly not visible yet). */
async function submittedAnswer(w: FuzzWorld, asset: number): Promise<bigint> {
  return asset === 0 ? (await w.ethFeed.latestSubmittedAnswer()).answer : w.btcFeed.answer();
}

/** Reports `answer` on an asset's feed: a LaggedPriceFeed round observed now (visible after the latency) or a mock. */
async function report(w: FuzzWorld, asset: number, answer: bigint) {
  if (asset === 0) return w.ethFeed.submit(answer, await time.latest());
  return w.btcFeed.setAnswer(answer);
}

/** Both feeds report `factor` (WAD) times their answers and the lagged one is waited for: prices move now. */
async function moveBothPrices(w: FuzzWorld, factor: bigint) {
  for (const asset of [0, 1]) {
    const next = ((await submittedAnswer(w, asset)) * factor) / WAD;
    await (await report(w, asset, next > 0n ? next : 1n)).wait();
  }
  await time.increase(ETH_FEED_LATENCY);
}

/** Runs transactions in one block (automine off, then one `evm_mine`); returns each receipt's status and logs. */
async function oneBlock(txs: (() => Promise<ContractTransactionResponse>)[]) {
  await ethers.provider.send("evm_setAutomine", [false]);
  const hashes: string[] = [];
  try {
    for (const tx of txs) hashes.push((await tx()).hash);
  } finally {
    await ethers.provider.send("evm_mine", []);
    await ethers.provider.send("evm_setAutomine", [true]);
  }
  return Promise.all(hashes.map((h) => ethers.provider.getTransactionReceipt(h)));
}

/** Runs one action. Reverts are fine (the invariants are checked afterwards either way). */
export async function execute(w: FuzzWorld, a: Action, pre: State): Promise<Outcome> {
  const { pool, auctions, amm, usdc, weth, wbtc } = w;
  const collaterals = [weth, wbtc] as const;
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
      const next = ((await submittedAnswer(w, a.asset)) * BigInt(10_000 + a.changeBps)) / BPS;
      // The other feed reports its unchanged answer in the same breath: staleness comes from time jumps.
      await (await report(w, 1 - a.asset, await submittedAnswer(w, 1 - a.asset))).wait();
      return send(w, async () => report(w, a.asset, next > 0n ? next : 1n));
    }
    case "refreshPrice":
      return send(w, async () => report(w, a.asset, await submittedAnswer(w, a.asset)));
    case "time":
      await time.increase(a.seconds);
      return { ok: true, logs: [] };
    case "authorize": {
      const who = actor(a.who);
      return send(w, () => pool.connect(who).setAuthorization(actor(a.operator).address, a.on));
    }
    case "config": {
      const c = await pool.collateralConfig(collaterals[a.asset]);
      const threshold = (WAD * BigInt(a.thresholdBps)) / BPS;
      const ltv = (WAD * BigInt(a.thresholdBps - a.ltvGapBps)) / BPS;
      return send(w, () =>
        pool.connect(w.admin).setCollateralConfig(collaterals[a.asset], {
          feed: c.feed,
          maxPriceAge: a.maxPriceAge,
          ltv,
          liquidationThreshold: threshold,
          liquidationBonusBps: a.bonusBps,
          supplyCap: c.supplyCap,
        }),
      );
    }
    case "riskUpdate":
      return send(w, () => w.controller.connect(actor(a.who)).update());
    case "riskAttack": {
      // F1's move: deposit, update, withdraw in one block. First the same block with `update()` alone (then undone),
      // pinned to the same timestamp, so that the checks can compare what the deposit changed.
      const who = actor(a.who);
      const amount = (pre.accounts[a.who].wallet[1] * BigInt(a.wethBps)) / BPS;
      if (amount === 0n) return skipped;
      const at = (await time.latest()) + 1;
      const snapshot = await ethers.provider.send("evm_snapshot", []);
      await ethers.provider.send("evm_setNextBlockTimestamp", [at]);
      const alone = await send(w, () => w.controller.connect(who).update({ gasLimit: 3_000_000 }));
      const c = await pool.collateralConfig(weth);
      const r = await pool.thresholdRamp(weth);
      await ethers.provider.send("evm_revert", [snapshot]);
      await ethers.provider.send("evm_setNextBlockTimestamp", [at]);
      const gas = { gasLimit: 3_000_000 };
      const receipts = await oneBlock([
        () => pool.connect(who).depositCollateral(weth, amount, who.address, gas),
        () => w.controller.connect(who).update(gas),
        () => pool.connect(who).withdrawCollateral(weth, amount, who.address, who.address, gas),
      ]);
      const failed = receipts.findIndex((r) => r === null || r.status !== 1);
      const logs = receipts.flatMap((r) => (r ? [...r.logs] : []));
      const counterfactual = alone.ok ? { ltv: c.ltv, threshold: r.target } : undefined;
      if (failed >= 0) return { ok: false, error: `attack step ${failed} reverted`, logs, counterfactual };
      return { ok: true, logs, counterfactual };
    }
    case "poke":
      return send(w, () => w.breaker.connect(actor(a.who)).poke());
    case "breaker":
      return send(w, () => (a.trip ? w.breaker.connect(w.admin).trip() : w.breaker.connect(w.admin).reset()));
    case "flashLiquidate": {
      const who = actor(a.who);
      const b = target(a.borrower, a.pickUnhealthy, pre);
      const [maxRepay] = await pool.previewLiquidation(actor(b).address, weth, ethers.MaxUint256);
      const repayAmount = (maxRepay * BigInt(a.repayBps)) / BPS || 1n;
      const args = { market: pool, borrower: actor(b).address, collateralAsset: weth, repayAmount };
      const out = await send(w, () => w.flash.connect(who).liquidateWithFlashSwap(args, amm, 0n, who.address));
      return { ...out, borrower: b };
    }
    case "takeAndSell": {
      const wethAddress = await weth.getAddress();
      const lots = pre.auctions.filter((x) => x.asset === wethAddress);
      if (lots.length === 0) return skipped;
      const id = lots[a.slot % lots.length].id;
      if (a.waitSteps > 0) await time.increase(a.waitSteps * CURVE_STEP_SECONDS);
      const now = await auctions.auction(id);
      const maxCollateral = (now.collateral * BigInt(a.bps)) / BPS || 1n;
      const who = actor(a.who);
      const out = await send(w, () =>
        w.flash.connect(who).takeAndSell(auctions, id, maxCollateral, now.price, amm, 0n, who.address),
      );
      return { ...out, auctionId: id, moved: a.waitSteps > 0 };
    }
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
      let moved = false;
      if (a.crash && pre.accounts[b].borrowShares > 0n) {
        // Steer: move both prices so that this position's health is about 0.95; when it is already below 1, have both
        // feeds report again (after a time jump a stale price would refuse the kick).
        const health = pre.accounts[b].health;
        await moveBothPrices(w, health >= WAD ? (WAD * WAD * 95n) / 100n / health : WAD);
        moved = true;
      }
      const out = await send(w, () =>
        auctions.connect(who).kick(pool, actor(b).address, collaterals[a.asset], who.address),
      );
      return { ...out, borrower: b, moved };
    }
    case "take": {
      if (pre.auctions.length === 0) return skipped;
      const id = pre.auctions[a.slot % pre.auctions.length].id;
      if (a.waitSteps > 0) await time.increase(a.waitSteps * CURVE_STEP_SECONDS);
      const now = await auctions.auction(id);
      const maxCollateral = (now.collateral * BigInt(a.bps)) / BPS || 1n;
      const maxPrice = (now.price * BigInt(a.maxPriceBps)) / BPS;
      const who = actor(a.who);
      const out = await send(w, () => auctions.connect(who).take(id, maxCollateral, maxPrice, who.address, "0x"));
      return { ...out, auctionId: id, moved: a.waitSteps > 0 };
    }
    case "redo": {
      if (pre.auctions.length === 0) return skipped;
      const lot = pre.auctions[a.slot % pre.auctions.length];
      const who = actor(a.who);
      const logs: Log[] = [];
      let last: Outcome = skipped;
      let succeeded = false;
      for (let round = 0; round < (a.wait ? a.times : 1); round++) {
        if (a.wait) {
          // Steer: run the auction past its reset point, and have both feeds report again (a reset needs a fresh price).
          const now = await auctions.auction(lot.id);
          if (now.id === 0n || now.collateral === 0n) break;
          if (!now.needsReset) {
            const { maxDuration } = await auctions.params();
            const ends = Number(now.startTime) + Number(maxDuration) + 1;
            const t = await time.latest();
            if (ends > t) await time.increase(ends - t);
          }
          await moveBothPrices(w, WAD);
        }
        last = await send(w, () => auctions.connect(who).redo(lot.id, who.address));
        logs.push(...last.logs);
        succeeded ||= last.ok;
        if (!last.ok) break;
      }
      const out = succeeded ? { ok: true, logs } : { ...last, logs };
      return { ...out, auctionId: lot.id, moved: a.wait };
    }
    case "pause": {
      const key = [await pool.PAUSE_BORROW(), await pool.PAUSE_WITHDRAW_COLLATERAL(), await pool.PAUSE_LIQUIDATE()][
        a.which
      ];
      return send(w, () => pool.connect(w.admin).setPaused(key, a.on));
    }
    case "stop":
      return send(w, () => auctions.connect(w.admin).setStopLevel(a.level));
    case "realizeBadDebt": {
      const who = actor(a.who);
      // With `crumb`, the (borrower mod n)-th position that fits the steering, when there is one.
      const fits = pre.accounts.flatMap((_, i) => (crumbFits(pre, i) ? [i] : []));
      const b = a.crumb && fits.length > 0 ? fits[a.borrower % fits.length] : a.borrower;
      const steered = a.crumb && fits.length > 0 ? await leaveStaleCrumb(w, a.who, b, pre) : undefined;
      const out = await send(w, () => pool.connect(who).realizeBadDebt(actor(b).address));
      if (!steered) return out;
      return { ...out, logs: [...steered, ...out.logs], borrower: b, moved: true };
    }
  }
}

/** The crumb `realizeBadDebt`'s steering deposits: one satoshi of WBTC (0.0003 USDC at 30,000, far below dust). */
const CRUMB_SATOSHI = 1n;
/** A `realizeBadDebt` with `crumb` crashes WETH until the position's WETH is worth this share of its debt (toxic). */
const CRUMB_CRASH_BPS = 8_000n;

/** A position `leaveStaleCrumb` can work on: debt, some WETH, and WBTC worth less than dust (none, or a crumb). */
function crumbFits(pre: State, i: number) {
  const x = pre.accounts[i];
  return x.borrowShares > 0n && x.collateral[0] > 0n && value(x.collateral[1], pre.prices[1], 1) < MARKET.dust;
}

/**
 * Steering of `realizeBadDebt` (F5's leftover): `who` deposits one satoshi of WBTC into a WETH-only position with
 * debt, the WBTC feed goes stale, WETH crashes to 80% of the debt (visible after the feed's latency), and `who`
 * liquidates all of the WETH. The liquidation cannot book the rest as bad debt (the position still holds the
 * crumb); `realizeBadDebt` can. Returns the logs of what it sent (a refused step ends the steering).
 */
async function leaveStaleCrumb(w: FuzzWorld, who: number, borrower: number, pre: State): Promise<Log[]> {
  const x = pre.accounts[borrower];
  const { pool, weth, wbtc } = w;
  const logs: Log[] = [];
  const caller = w.actors[who];
  const keep = async (tx: Promise<ContractTransactionResponse>) => {
    const receipt = await (await tx).wait();
    if (receipt) logs.push(...receipt.logs);
  };
  const account = w.actors[borrower].address;
  try {
    if (x.collateral[1] === 0n) await keep(pool.connect(caller).depositCollateral(wbtc, CRUMB_SATOSHI, account));
    const btcAge = (await pool.collateralConfig(wbtc)).maxPriceAge;
    await time.increase(Number(btcAge) + 1);
    const debt = await pool.debtOf(account);
    // answer (8 decimals) such that the WETH held is worth CRUMB_CRASH_BPS of the debt (USDC, 6 decimals).
    const answer = (debt * CRUMB_CRASH_BPS * 10n ** 20n) / BPS / x.collateral[0];
    await keep(report(w, 0, answer > 0n ? answer : 1n));
    await time.increase(ETH_FEED_LATENCY);
    await keep(pool.connect(caller).liquidate(account, weth, ethers.MaxUint256, caller.address, 0n));
  } catch (e) {
    if (e instanceof InvariantViolation) throw e;
    decodeRevert(w, e); // a panic or an undecodable revert is a violation; a refused step ends the steering
  }
  return logs;
}

/* INVARIANTS */

/**
 * The switchable economic checks, each named after the finding of issue 15 it catches. A check that the contracts
 * still fail stays off by default so that `npx hardhat test test/invariants/*.ts` passes; FUZZ_CHECKS turns it on
 * (comma-separated names, or `all`). Once its fix is merged, its name goes to DEFAULT_CHECKS (all of them are there
 * now).
 */
export const PENDING_CHECKS: Record<string, string> = {
  "incentive-within-penalty":
    "F2 and the small-position kick: the incentives paid over an auction's life (kick + every redo) never exceed the penalty added to its tab at the kick",
  "fair-exit":
    "F3: a lender withdrawing while auctions run is paid at most its shares' part of the supply (with the withdrawal's own interest) less the auction receivable above its lots' value at their last mark price (kick or reset), beyond reserves",
  "no-unrecorded-gain":
    "F3: over a sequence, no actor's worth (at oracle prices, its supply shares net of the unrecognised auction loss) rises by more than the losses recorded meanwhile: others' book losses, bad debt, the protocol's fall in worth (reserves, what each auction's lot should raise beyond its booked receivable)",
  "healthy-after-risk-update":
    "F1: a position healthy before the dynamic controller's update (or the attacker's deposit-update-withdraw) is not liquidatable in the same block",
  "risk-flash-neutral":
    "F1: depositing and withdrawing collateral in the block of an update leaves the controller's LTV and threshold as `update()` alone would",
  "healthy-after-owner-config":
    "F1, owner path: a position healthy before an owner's collateral-config change is not liquidatable in the same block (every threshold cut is phased in by the market's ramp)",
};
/**
 * Economic checks on by default: they pass since the issue-15 fixes (F1's time-weighted, flash-proof depth and the
 * market's threshold ramp, which phases in every cut, the controller's and the owner's, from the block after the
 * change; F2's incentive budget; F3's receivable marked at the lot's oracle value at the kick and at each reset, and
 * kept there by every take that leaves the auction running). no-unrecorded-gain counts the protocol's side per
 * auction: what its lot is expected to raise beyond its booked receivable (penalty, and recoveries for lenders); see
 * docs/fuzzing.md for its exact statement and test/invariants/economicChecks.replay.test.ts and
 * economicChecks.fairExit.replay.test.ts for the counterexamples that shaped it and the contracts.
 */
export const DEFAULT_CHECKS: string[] = [
  "incentive-within-penalty",
  "risk-flash-neutral",
  "healthy-after-risk-update",
  "healthy-after-owner-config",
  "fair-exit",
  "no-unrecorded-gain",
];

/** The checks FUZZ_CHECKS turns on, plus the defaults; an unknown name is an error (a typo would silently pass). */
export function enabledChecks(spec = process.env.FUZZ_CHECKS ?? ""): Set<string> {
  const names = spec
    .split(",")
    .map((x) => x.trim())
    .filter((x) => x !== "");
  const known = [...DEFAULT_CHECKS, ...Object.keys(PENDING_CHECKS)];
  for (const n of names) {
    if (n !== "all" && !known.includes(n)) throw new Error(`FUZZ_CHECKS: unknown check "${n}" (known: ${known})`);
  }
  return new Set(names.includes("all") ? known : [...DEFAULT_CHECKS, ...names]);
}

/** What the checks remember across steps of one run. */
export interface Ghost {
  steps: number;
  /** Per auction id: debt to raise at kick, and what takes have raised so far. */
  tabs: Map<bigint, { initial: bigint; raised: bigint }>;
  /** Per auction id: the penalty added at the kick and the incentives paid so far (kick and redos). */
  incentives: Map<bigint, { penalty: bigint; paid: bigint }>;
  /** Per auction id: the oracle price (WAD) of its last mark, at the kick or the latest reset. */
  marks: Map<bigint, bigint>;
  /**
   * Per auction id: the receivable the market books for it (its part of `debtInAuction`: the debt moved at the kick
   * less the markdowns and what takes paid towards it), as of the last step checked (`bookedReceivables`).
   */
  receivables: Map<bigint, bigint>;
  /** no-unrecorded-gain: per account, its worth gained over the sequence and the losses recorded meanwhile. */
  gains: bigint[];
  gainBudgets: bigint[];
  gainSteps: number;
  /** "account:operator" pairs currently authorised. */
  authorized: Set<string>;
  checks: Set<string>;
  /** Largest surplus of the pool over its books seen so far (reported, bounded). */
  maxSurplus: bigint;
  maxDebtDrift: bigint;
}

export const newGhost = (checks = enabledChecks()): Ghost => ({
  steps: 0,
  tabs: new Map(),
  incentives: new Map(),
  marks: new Map(),
  receivables: new Map(),
  gains: [],
  gainBudgets: [],
  gainSteps: 0,
  authorized: new Set(),
  checks,
  maxSurplus: 0n,
  maxDebtDrift: 0n,
});

function events(w: FuzzWorld, logs: Log[], name: string) {
  const out = [];
  for (const log of logs) {
    for (const i of [w.pool.interface, w.auctions.interface, w.amm.interface, w.controller.interface] as Interface[]) {
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

/**
 * How many auctions a step ended with their collateral sold out and debt still to raise (the ending that releases
 * `debtInAuctions` and books the unpaid receivable as bad debt): Take events leaving no collateral and some debt.
 */
export function exhaustedWithDebt(w: FuzzWorld, outcome: Outcome): number {
  if (!outcome.ok) return 0;
  return events(w, outcome.logs, "Take").filter((e) => e.collateralLeft === 0n && e.debtLeft > 0n).length;
}

/** Actions that only make an already-refused action impossible, or move prices/time. */
const PRICE_OR_TIME = new Set(["price", "time", "refreshPrice"]);
/** Actions that change collateral parameters (checked by the healthy-after-* checks instead of invariant 7). */
const PARAMETER_CHANGES = new Set(["config", "riskUpdate", "riskAttack"]);

/** USDC value of `amount` of collateral `k` at a WAD price (rounded down). */
const value = (amount: bigint, price: bigint, k: number) => (amount * price) / UNIT_SCALE[k];

/**
 * Records each auction's mark: the oracle price (WAD) at its kick and at each reset since, the prices at which the
 * market marked its receivable (min(debt, lot value), F3). `post` holds them: steering moves prices before the kick
 * or the reset, never after it in the same step.
 */
function recordMarks(w: FuzzWorld, a: Action, outcome: Outcome, post: State, g: Ghost, collateralAddresses: string[]) {
  if (!outcome.ok) return;
  if (a.t !== "kick" && a.t !== "redo") return;
  const ids = [
    ...events(w, outcome.logs, "Kick").map((e) => BigInt(e.id)),
    ...events(w, outcome.logs, "Redo").map((e) => BigInt(e.id)),
  ];
  for (const id of ids) {
    const lot = post.auctions.find((x) => x.id === id);
    if (lot) g.marks.set(id, post.prices[lot.asset === collateralAddresses[0] ? 0 : 1]);
  }
}

/**
 * Each running auction's booked receivable after a step, from the one before: an action moves at most one auction's
 * receivable (a kick opens one, a take or a redo settles on the one it acts on), so the auction whose lot, tab or
 * start changed (or that is new) holds what `debtInAuction` has beyond the others'. Ended auctions drop out. No event
 * bookkeeping: the market's own total is the source, and the split is exact while one auction moves per step.
 */
export function bookedReceivables(pre: State, post: State, g: Ghost): Map<bigint, bigint> {
  const next = new Map<bigint, bigint>();
  const moved: bigint[] = [];
  for (const x of post.auctions) {
    const before = pre.auctions.find((y) => y.id === x.id);
    const same =
      before !== undefined &&
      before.collateral === x.collateral &&
      before.debtToRaise === x.debtToRaise &&
      before.startPrice === x.startPrice &&
      before.startTime === x.startTime;
    const known = g.receivables.get(x.id);
    if (same && known !== undefined) next.set(x.id, known);
    else moved.push(x.id);
  }
  const others = [...next.values()].reduce((sum, r) => sum + r, 0n);
  if (moved.length === 1) next.set(moved[0], post.debtInAuction > others ? post.debtInAuction - others : 0n);
  // Never more than one in the fuzzer's actions; if it happens, no receivable is assumed (the check is looser).
  for (const id of moved.slice(moved.length === 1 ? 1 : 0)) next.set(id, 0n);
  return next;
}

/**
 * The loss the market carries but has not recognised: its auction receivable (`debtInAuction`) above the value of
 * the collateral left in the lots at each auction's mark price (`recordMarks`), not below zero, less what reserves
 * absorb first. Summed over all auctions (an auction's excess can hide behind another's cover: never a false alarm).
 * Price moves after a mark are left out, as they are for open positions: the market recognises them at the next
 * reset (or when a position is liquidated), not continuously.
 */
function unrecognisedLoss(s: State, g: Ghost, collateralAddresses: string[]) {
  const lots = s.auctions.reduce((sum, x) => {
    const k = x.asset === collateralAddresses[0] ? 0 : 1;
    return sum + value(x.collateral, g.marks.get(x.id) ?? s.prices[k], k);
  }, 0n);
  const short = s.debtInAuction > lots ? s.debtInAuction - lots : 0n;
  return short > s.reserves ? short - s.reserves : 0n;
}

/**
 * fair-exit (F3): a lender withdrawing while auctions run is paid at most its shares' part of the lenders' supply,
 * with the interest accrued by the withdrawal itself, less the unrecognised loss: assets <= shares x (S + i -
 * unrecognisedLoss + 1) / (T + 10^6) + 1, S and T the supply and shares before, i the lenders' part of the interest
 * (InterestAccrued: interest - toReserves).
 */
function checkFairExit(w: FuzzWorld, outcome: Outcome, pre: State, g: Ghost, collateralAddresses: string[]) {
  const [e] = events(w, outcome.logs, "Withdraw");
  const [accrued] = events(w, outcome.logs, "InterestAccrued");
  const interest = accrued ? BigInt(accrued.interest) - BigInt(accrued.toReserves) : 0n;
  const loss = unrecognisedLoss(pre, g, collateralAddresses);
  const shares = BigInt(e.shares);
  const fair = (shares * (pre.supplyAssets + interest - loss + 1n)) / (pre.supplyShares + VIRTUAL_SHARES) + 1n;
  ensure(
    BigInt(e.assets) <= fair,
    `fair-exit: withdrew ${e.assets} for ${shares} shares; fair value ${fair} (unrecognised auction loss ${loss})`,
  );
}

/**
 * no-unrecorded-gain (F3): over a sequence, no account's worth rises by more than the losses recorded elsewhere
 * meanwhile (summed over the steps that move no price and no time, each valued at its own oracle prices): other
 * accounts' falls in book worth, bad debt written off and the protocol's fall in worth (`protocolWorth`: reserves,
 * and what each auction's lot should raise beyond its booked receivable: the penalty, and recoveries of earlier
 * write-offs that go to lenders when collected), plus GAIN_TOLERANCE (rounding and one block of interest). Worth is valued at the step's oracle prices: wallet, LP share
 * (the trader), collateral minus debt, a borrower's claim on its lots beyond their tabs, and supply shares priced at
 * the lenders' supply less `unrecognisedLoss` for the gainer (at book value for the others). The
 * tolerance grows by GAIN_TOLERANCE per step counted.
 */
function checkNoUnrecordedGain(
  w: FuzzWorld,
  a: Action,
  outcome: Outcome,
  pre: State,
  post: State,
  g: Ghost,
  addrs: string[],
) {
  const prices = post.prices;
  const actors = w.actors.map((x) => x.address);
  const fairPre = pre.supplyAssets - unrecognisedLoss(pre, g, addrs);
  const fairPost = post.supplyAssets - unrecognisedLoss(post, g, addrs);
  // The protocol's side: reserves plus what running auctions are expected to collect beyond their booked
  // receivables (penalty, and recoveries of earlier write-offs, which go to lenders when collected): a take below
  // the oracle price loses part of it. A recovery collected moves it onto the lenders' book (their gain is paid by
  // this fall, so `AuctionSettled.recovered` is not counted a second time).
  const receivablesPost = bookedReceivables(pre, post, g);
  const protocolPre = protocolWorth(pre, g.receivables, prices, addrs);
  const protocolPost = protocolWorth(post, receivablesPost, prices, addrs);
  const protocolLoss = protocolPre > protocolPost ? protocolPre - protocolPost : 0n;
  const recorded = post.badDebt - pre.badDebt + protocolLoss;
  const bookLoss = post.accounts.map((_, j) => {
    const before = worth(pre, j, prices, pre.supplyAssets, addrs, actors[j]);
    const after = worth(post, j, prices, post.supplyAssets, addrs, actors[j]);
    return before > after ? before - after : 0n;
  });
  g.gainSteps += 1;
  for (const i of post.accounts.keys()) {
    const gain = worth(post, i, prices, fairPost, addrs, actors[i]) - worth(pre, i, prices, fairPre, addrs, actors[i]);
    const others = bookLoss.reduce((sum, l, j) => (j === i ? sum : sum + l), 0n);
    // Over the sequence: a loss recorded at one step (a kick's markdown) can fund a gain at a later one (a take).
    g.gains[i] = (g.gains[i] ?? 0n) + gain;
    g.gainBudgets[i] = (g.gainBudgets[i] ?? 0n) + others + recorded;
    ensure(
      g.gains[i] <= g.gainBudgets[i] + GAIN_TOLERANCE * BigInt(g.gainSteps),
      `no-unrecorded-gain: account ${i} has gained ${g.gains[i]} over the sequence (${gain} on this ${a.t}); ` +
        `recorded losses so far ${g.gainBudgets[i]} (others ${others}, market ${recorded} on this step)`,
    );
  }
}

/**
 * The protocol's worth at `prices` (USDC): reserves, plus what each running auction is expected to collect beyond
 * its booked receivable (its lot's value capped at its tab, less the receivable: a take pays the receivable first,
 * then recovers earlier write-offs for lenders, then the penalty for reserves). Not on anyone's book until
 * collected; a take below the oracle price loses part of it.
 */
function protocolWorth(s: State, receivables: Map<bigint, bigint>, prices: [bigint, bigint], addrs: string[]) {
  return s.auctions.reduce((sum, x) => {
    const k = x.asset === addrs[0] ? 0 : 1;
    const lot = value(x.collateral, prices[k], k);
    const collect = lot < x.debtToRaise ? lot : x.debtToRaise;
    const booked = receivables.get(x.id) ?? x.debtToRaise;
    return sum + (collect > booked ? collect - booked : 0n);
  }, s.reserves);
}

/** An account's worth in USDC at the given prices: wallet, supply (at `supplyAssets`), collateral - debt, LP, auctions. */
function worth(
  s: State,
  i: number,
  prices: [bigint, bigint],
  supplyAssets: bigint,
  addresses: string[],
  actor: string,
) {
  const x = s.accounts[i];
  let v = x.wallet[0] + value(x.wallet[1], prices[0], 0) + value(x.wallet[2], prices[1], 1);
  v += (x.supplyShares * (supplyAssets + 1n)) / (s.supplyShares + VIRTUAL_SHARES);
  v += value(x.collateral[0], prices[0], 0) + value(x.collateral[1], prices[1], 1);
  v -= ceilDiv(x.borrowShares * (s.borrowAssets + 1n), s.borrowShares + VIRTUAL_SHARES);
  if (i === TRADER && s.amm.supply > 0n) {
    v += (s.amm.traderShares * (value(s.amm.r0, prices[0], 0) + s.amm.r1)) / s.amm.supply;
  }
  // A borrower's claim on its auctions: what the lot is worth beyond the tab (returned to it at the end).
  for (const a of s.auctions) {
    if (a.borrower !== actor) continue;
    const k = a.asset === addresses[0] ? 0 : 1;
    const lot = value(a.collateral, prices[k], k);
    if (lot > a.debtToRaise) v += lot - a.debtToRaise;
  }
  return v;
}
/** Actor index of the trader/LP (holds the AMM's LP shares). */
const TRADER = 8;
/** Gains below this (USDC wei) are rounding and one block of interest: 0.01 USDC. */
const GAIN_TOLERANCE = 10_000n;

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
  // The attack's deposit and withdrawal are the attacker's own (its withdrawal may be refused: F1 cuts the LTV).
  const attacker = (i: number) => a.t === "riskAttack" && a.who === i;
  const liquidated = (i: number) =>
    (a.t === "liquidate" || a.t === "kick" || a.t === "flashLiquidate") && outcome.borrower === i && outcome.ok;
  // realizeBadDebt's steering: a crumb deposited into the position by `who`, then its WETH liquidated by `who`.
  const crumbed = (i: number) => a.t === "realizeBadDebt" && outcome.moved === true && outcome.borrower === i;
  for (const [i, x] of post.accounts.entries()) {
    const y = pre.accounts[i];
    if (x.supplyShares < y.supplyShares) {
      ensure(a.t === "withdraw" && onBehalf(i), `account ${i} lost supply shares on ${a.t}`);
    }
    if (x.borrowShares > y.borrowShares) ensure(a.t === "borrow" && onBehalf(i), `account ${i} got debt on ${a.t}`);
    for (const k of [0, 1]) {
      if (x.collateral[k] < y.collateral[k]) {
        ensure(
          (a.t === "withdrawCollateral" && onBehalf(i)) || liquidated(i) || attacker(i) || crumbed(i),
          `account ${i} lost collateral on ${a.t}`,
        );
      }
      if (x.collateral[k] > y.collateral[k]) {
        ensure((a.t === "deposit" && onBehalf(i)) || attacker(i) || crumbed(i), `account ${i} gained collateral`);
      }
    }
    const movesTrader = i === 8 && (a.t === "swap" || a.t === "liquidity");
    for (const k of [0, 1, 2]) {
      if (x.wallet[k] < y.wallet[k]) ensure(acts(i) || movesTrader, `account ${i} lost wallet token ${k} on ${a.t}`);
    }
  }
  // Acting for someone else without an authorisation must be refused.
  if ((a.t === "withdraw" || a.t === "borrow" || a.t === "withdrawCollateral") && a.who !== a.onBehalf) {
    if (!g.authorized.has(`${a.onBehalf}:${a.who}`)) {
      ensure(!outcome.ok, `${a.t} for another account succeeded without an authorisation`);
      ensure(outcome.error === "Unauthorized" || outcome.error === "Paused", `${a.t} for another: ${outcome.error}`);
    } else {
      ensure(outcome.ok || outcome.error !== "Unauthorized", `${a.t} by an authorised operator refused`);
    }
  }
  if (a.t === "authorize" && outcome.ok) {
    if (a.on) g.authorized.add(`${a.who}:${a.operator}`);
    else g.authorized.delete(`${a.who}:${a.operator}`);
  }

  // 7. No action other than a price move or time leaves a healthy position unhealthy (a lagged WETH answer becoming
  // visible and steering that moves prices or time count as price moves; parameter changes are checked below).
  const stillWorld = !PRICE_OR_TIME.has(a.t) && !outcome.moved && post.ethRound === pre.ethRound;
  // Thresholds ramping down (a cut phased in) move health with time, as interest does: "before" is the health at
  // the action's block had only time passed (the pre-state's ramps read at the post-state's time).
  const drifted = (i: number) => {
    const x = pre.accounts[i];
    let then = 0n;
    let now = 0n;
    for (const k of [0, 1]) {
      const v = value(x.collateral[k], pre.prices[k], k);
      then += (v * pre.configs[k].threshold) / WAD;
      now += (v * thresholdAt(pre.ramps[k], post.timestamp)) / WAD;
    }
    return then === 0n ? x.health : (x.health * now) / then;
  };
  const healthyStayHealthy = (what: string) => {
    for (const [i, x] of post.accounts.entries()) {
      const before = drifted(i);
      if (before >= WAD + HEALTH_BAND && x.borrowShares > 0n) {
        ensure(x.health >= WAD, `${what}: ${a.t} left account ${i} unhealthy (${before} -> ${x.health})`);
      }
    }
  };
  if (stillWorld && !PARAMETER_CHANGES.has(a.t)) healthyStayHealthy("invariant 7");
  if (stillWorld && (a.t === "riskUpdate" || a.t === "riskAttack") && g.checks.has("healthy-after-risk-update")) {
    healthyStayHealthy("healthy-after-risk-update");
  }
  if (stillWorld && a.t === "config" && g.checks.has("healthy-after-owner-config")) {
    healthyStayHealthy("healthy-after-owner-config");
  }
  if (a.t === "riskAttack" && outcome.ok && outcome.counterfactual && g.checks.has("risk-flash-neutral")) {
    const c = outcome.counterfactual;
    const got = { ltv: post.configs[0].ltv, threshold: post.ramps[0].target };
    ensure(
      got.ltv === c.ltv && got.threshold === c.threshold,
      `risk-flash-neutral: a same-block deposit/withdraw moved WETH to ltv ${got.ltv}, threshold ${got.threshold} ` +
        `(update alone: ${c.ltv}, ${c.threshold})`,
    );
  }

  // 8. A fixed-bonus liquidation never raises the borrower's debt nor seizes more than repaid x (1 + bonus).
  if (a.t === "liquidate" && outcome.ok) {
    const [e] = events(w, outcome.logs, "Liquidation");
    const k = a.asset;
    const b = outcome.borrower!;
    const seizedValue = BigInt(e.seized) * BigInt(e.price) * BPS;
    ensure(
      seizedValue <= BigInt(e.repaid) * (BPS + BigInt(pre.configs[k].bonusBps)) * UNIT_SCALE[k],
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
    g.incentives.set(kick.id, {
      penalty: BigInt(kick.debtToRaise) - BigInt(seized.debt),
      paid: BigInt(kick.incentive),
    });
  }
  if (a.t === "redo" && outcome.ok) {
    for (const redo of events(w, outcome.logs, "Redo")) {
      const book = g.incentives.get(redo.id);
      if (book) book.paid += BigInt(redo.incentive);
    }
  }
  if (g.checks.has("incentive-within-penalty") && (a.t === "kick" || a.t === "redo") && outcome.ok) {
    for (const [id, book] of g.incentives) {
      ensure(
        book.paid <= book.penalty,
        `incentive-within-penalty: auction ${id} paid ${book.paid} in incentives, its penalty is ${book.penalty}`,
      );
    }
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

  if (a.t === "takeAndSell" && outcome.ok) {
    const [e] = events(w, outcome.logs, "Take");
    const tab = g.tabs.get(e.id);
    if (tab) {
      tab.raised += e.owe;
      ensure(tab.raised <= tab.initial, `auction ${e.id} raised ${tab.raised} > its tab ${tab.initial}`);
    }
  }

  // F3: leaving early must not shift a loss the market carries onto the lenders who stay; no gain hides a loss.
  recordMarks(w, a, outcome, post, g, collateralAddresses);
  if (g.checks.has("fair-exit") && a.t === "withdraw" && outcome.ok && pre.auctions.length > 0) {
    checkFairExit(w, outcome, pre, g, collateralAddresses);
  }
  if (g.checks.has("no-unrecorded-gain") && stillWorld && outcome.ok) {
    checkNoUnrecordedGain(w, a, outcome, pre, post, g, collateralAddresses);
  }
  g.receivables = bookedReceivables(pre, post, g);

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
