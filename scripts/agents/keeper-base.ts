/**
 * The keeper's state and what every strategy shares: its constructor (the group's choices), its ledger, pricing at
 * the reserves it expects, its inventory sales and their policy, fees, and sending a (replaceable) transaction.
 * The strategies build on it: `keeper-auctions.ts`, `keeper-liquidations.ts`, and `keeper.ts` (acting, PGA).
 */
import type { World, Agent } from "../sim/world/types";
import type { KeeperGroup } from "../sim/scenario";
import type { MinedContext, MinedOutcome, MinedTx, SentTx, SimAgent, View, TxKind } from "./types";
import { KeeperLedger } from "./keeper-ledger";
import { weiToDebt } from "./types";
import { priorityFee, type FeeQuote } from "./fees";
import { toQuantity } from "ethers";
import { profitMaximizingRepay } from "../sim/sizing";
import { AtomicLiquidator__factory } from "../../typechain-types";
import { saleProceeds, type MarketRules, type Reserves } from "../sim/market-math";
import { encodeCall } from "../sim/calldata";

export const DEADLINE = 2n ** 40n;
/** Actions per keeper per block of the legacy model (`keeperModel: legacy`). */
export const LEGACY_ACTIONS_PER_BLOCK = 3;
/** Candidates a keeper examines per block on top of its actions per block (bots bound their per-block work too). */
export const MAX_CANDIDATES = 40;
export const ATOMIC = AtomicLiquidator__factory.createInterface();
/** Room above a position's debt an atomic keeper lets the market take (interest accrued since it read the debt). */
export const INTEREST_SLACK_BPS = 10n;
/** Transactions a flash keeper simulates per block before sending (each is a full eth_call). */
export const MAX_SIMULATIONS = 6;
/** Gas limits pinned per action (Hardhat's priority ordering misbehaves with estimated gas). */
export const GAS = {
  liquidate: 400_000n,
  atomic: 500_000n,
  flash: 600_000n,
  kick: 800_000n,
  take: 400_000n,
  redo: 300_000n,
  sell: 200_000n,
  /** On another protocol's market (`market.protocol`): its liquidation alone, and wrapped in AdapterLiquidator. */
  adapterLiquidate: 600_000n,
  adapterAtomic: 800_000n,
};

export abstract class KeeperBase implements SimAgent {
  readonly keeper = true;
  protected readonly policy: KeeperGroup["priorityFee"];

  /** The group's choices, or the legacy keeper's (`keeperModel: legacy`). */
  protected readonly actions: number;
  protected readonly sizing: KeeperGroup["sizing"];
  protected readonly execution: KeeperGroup["execution"];
  protected readonly sale: KeeperGroup["sale"];
  protected readonly targeting: KeeperGroup["targeting"];

  /**
   * @param atomicLiquidator address of the AtomicLiquidator this keeper sends atomic liquidations through
   * @param legacy the keeper of before issue 14 (shared ranking, blind pricing, inventory, close factor, 3 a block)
   */
  constructor(
    readonly name: string,
    protected readonly me: Agent,
    protected readonly group: KeeperGroup,
    protected readonly atomicLiquidator: string,
    protected readonly legacy = false,
  ) {
    this.policy =
      group.strategy === "gas-bidder" && group.priorityFee.policy !== "outbid"
        ? { policy: "outbid", incrementGwei: 1, maxGwei: 500 }
        : group.priorityFee;
    this.actions = legacy ? LEGACY_ACTIONS_PER_BLOCK : group.actionsPerBlock;
    this.sizing = legacy ? "close-factor" : group.sizing;
    this.execution = legacy ? "inventory" : group.execution;
    this.sale = legacy ? { policy: "next-block", blocks: 1 } : group.sale;
    this.targeting = legacy ? "race" : group.targeting;
  }

  get address() {
    return this.me.address;
  }

  /** Its capital and unsold collateral are its wallet's balances (`view.balance`). */
  get wallet() {
    return this.me.address;
  }

  /** Wei this keeper may still commit in the block being built (its balance less what it has sent). */
  protected spendable = 0n;

  /** Pending bids of the block being built (replaceable in later bidding rounds). */
  protected bids: Bid[] = [];
  protected nonce = 0;
  /** What this keeper saw and did, for the gas-war report. */
  readonly stats = { opportunities: 0 };
  get opportunities(): number {
    return this.stats.opportunities;
  }
  /** Its liquidation records and unsold collateral, from its mined transactions. */
  protected readonly ledger = new KeeperLedger();

  /**
   * Its nonce and native balance at the start of the next block, read once and then kept from its own mined
   * transactions (each takes a nonce and pays gas × effective price; the engine drops the ones that missed their
   * block, so none is pending at a block's start, and no contract of the world sends native tokens).
   */
  protected account: { nonce: number; balance: bigint } | null = null;

  onMined(mined: MinedTx, ctx: MinedContext): MinedOutcome {
    if (this.account) {
      this.account.nonce += 1;
      this.account.balance -= mined.receipt.gasUsed * mined.receipt.effectiveGasPrice;
    }
    return this.ledger.onMined(mined, ctx);
  }

  /** AMM reserves this keeper expects its next sale to meet: after its unsold inventory and this block's sales. */
  protected market: Reserves = { collateral: 0n, debt: 0n };
  /** Calldata (after the selector) of competitors' pending keeper transactions, lowercase (avoid-pending). */
  protected competitorInputs: string[] = [];
  /** Inventory lots being sold in parts (sale policy spread): collateral left and the part sold per block. */
  protected lots: { left: bigint; part: bigint }[] = [];
  /** Collateral the lots account for. */
  protected tracked = 0n;
  /**
   * On a market that reads the live AMM spot (`oracle.source` amm-spot-live): its rules and the AMM state its next
   * transaction will meet (the pending block, then its own atomic sales sent this block); null on any other market.
   */
  protected live: { rules: MarketRules; amm: Reserves } | null = null;

  abstract act(view: View, world: World): Promise<SentTx[]>;

  /** Whether a competitor's pending transaction names this opportunity (a calldata word, 64 hex digits). */
  protected taken(word: string): boolean {
    return this.competitorInputs.some((input) => input.includes(word));
  }

  /* HELPERS */

  /** Sells (a market sale: no minimum out) what the sale policy releases of the `balance` of unsold collateral. */
  protected async sellInventory(balance: bigint, view: View, world: World): Promise<SentTx | null> {
    const amount = this.releasable(balance);
    if (amount === 0n) return null;
    const fee = await this.fee(view, world, GAS.sell, 0n, []);
    const data = encodeCall(world.router.interface, "swapExactTokensForTokens", [
      world.addresses.amm,
      world.addresses.collateral,
      amount,
      0,
      this.me.address,
      DEADLINE,
    ]);
    const tx = await this.submit(world.addresses.router, data, GAS.sell, fee, view, world, {
      kind: "sell",
      expectedProfit: 0n,
    });
    if (tx && this.sale.policy === "spread") this.release(amount);
    return tx;
  }

  /**
   * Collateral the sale policy sells this block out of `balance`: all of it (next-block), none (hold), or one part
   * of every lot (spread: each new lot — collateral that arrived since the last look — is cut into `blocks` parts,
   * rounded up, so it is gone after `blocks` sales).
   */
  protected releasable(balance: bigint): bigint {
    if (this.sale.policy === "hold") return 0n;
    if (this.sale.policy === "next-block") return balance;
    if (balance > this.tracked) {
      const lot = balance - this.tracked;
      const n = BigInt(this.sale.blocks);
      this.lots.push({ left: lot, part: (lot + n - 1n) / n });
    } else if (balance < this.tracked) {
      // Less than the lots say (collateral left some other way): the oldest lots are taken as gone.
      let gone = this.tracked - balance;
      while (gone > 0n && this.lots.length) {
        const cut = this.lots[0].left < gone ? this.lots[0].left : gone;
        this.lots[0].left -= cut;
        gone -= cut;
        if (this.lots[0].left === 0n) this.lots.shift();
      }
    }
    this.tracked = balance;
    let amount = 0n;
    for (const l of this.lots) amount += l.left < l.part ? l.left : l.part;
    return amount;
  }

  /** Books a sent spread sale: one part off every lot. */
  protected release(amount: bigint) {
    let left = amount;
    for (const l of this.lots) {
      const cut = l.left < l.part ? l.left : l.part;
      l.left -= cut;
      left -= cut;
    }
    this.lots = this.lots.filter((l) => l.left > 0n);
    this.tracked -= amount - left;
  }

  /** The repayment that earns most when its seized collateral is sold at the reserves this keeper expects. */
  protected depthLimit(max: { repay: bigint; seized: bigint }, world: World): bigint {
    return profitMaximizingRepay(max.seized, max.repay, this.market, world.scenario.amm.feeBps);
  }

  /** What the AMM pays for `amountIn` collateral at the reserves this keeper expects. */
  protected ammQuote(amountIn: bigint, world: World): bigint {
    return saleProceeds(amountIn, this.market, world.scenario.amm.feeBps);
  }

  /** The group's required margin on an amount repaid or paid (`minMarginBps`), debt base units. */
  protected margin(amount: bigint): bigint {
    return (amount * BigInt(this.group.minMarginBps)) / 10_000n;
  }

  protected seizeAt(repay: bigint, price: number, world: World): bigint {
    const bonus = BigInt(world.scenario.market.collateral.liquidationBonusBps);
    const priceWad = BigInt(Math.round(price * 1e8)) * 10n ** 10n;
    const unit = 10n ** BigInt(world.collateralDecimals + 18 - world.debtDecimals);
    return (repay * (10_000n + bonus) * unit) / (priceWad * 10_000n);
  }

  protected fee(view: View, world: World, gasLimit: bigint, profit: bigint, targets: string[]): Promise<FeeQuote> {
    return priorityFee(this.policy, view, world, gasLimit, profit, targets, this.me.address);
  }

  /** Expected profit must beat the gas at the base fee and the group's required margin on `amount`. */
  protected worthIt(profit: bigint, amount: bigint, gasLimit: bigint, view: View, world: World): boolean {
    return profit > weiToDebt(gasLimit * view.baseFee, world) + this.margin(amount);
  }

  /**
   * Sends a transaction with an explicit nonce (so that it can be replaced in a later bidding round), unless the
   * keeper cannot pay its worst-case cost (gas limit x max fee) on top of what it has sent this block: a node would
   * refuse it, or fail it when the block is built. Returns null then.
   */
  protected async submit(
    to: string,
    data: string,
    gasLimit: bigint,
    fee: FeeQuote,
    view: View,
    world: World,
    meta: { kind: TxKind; borrower?: string; expectedProfit: bigint; opportunity?: string },
    nonce?: number,
    replaces?: Bid,
  ): Promise<SentTx | null> {
    const upfront = gasLimit * fee.maxFeePerGas;
    const released = replaces ? replaces.gasLimit * replaces.fee.maxFeePerGas : 0n;
    if (upfront > this.spendable + released) return null;
    const n = nonce ?? this.nonce;
    try {
      // Straight to the node (one RPC call): every field is set, so the signer's own look-ups would only add round
      // trips (chain id, then fetching the transaction back).
      const tx = {
        hash: await world.chain.send<string>("eth_sendTransaction", [
          {
            from: this.me.address,
            to,
            data,
            gas: toQuantity(gasLimit),
            nonce: toQuantity(n),
            maxFeePerGas: toQuantity(fee.maxFeePerGas),
            maxPriorityFeePerGas: toQuantity(fee.maxPriorityFeePerGas),
          },
        ]),
      };
      this.spendable = this.spendable + released - upfront;
      if (nonce === undefined) this.nonce += 1;
      const bid: Bid = { hash: tx.hash, to, data, gasLimit, fee, nonce: n, ...meta };
      if (replaces) this.bids.splice(this.bids.indexOf(replaces), 1, bid);
      else this.bids.push(bid);
      return {
        hash: tx.hash,
        agent: this.name,
        from: this.me.address,
        kind: meta.kind,
        keeper: true,
        borrower: meta.borrower,
        sentBlock: view.block,
        priorityFee: fee.maxPriorityFeePerGas,
        replaces: replaces?.hash,
      };
    } catch (e) {
      const err = e as { message?: string; error?: { message?: string }; info?: unknown };
      const text = `${err.message ?? ""} ${err.error?.message ?? ""} ${JSON.stringify(err.info ?? "")}`;
      if (/insufficient funds|enough funds/i.test(text)) return null;
      throw e;
    }
  }
}

/** A transaction a keeper has pending, kept so that it can be replaced with a higher fee. */
export interface Bid {
  hash: string;
  to: string;
  data: string;
  gasLimit: bigint;
  fee: FeeQuote;
  nonce: number;
  kind: TxKind;
  borrower?: string;
  expectedProfit: bigint;
  /** The calldata word that identifies the opportunity (borrower address or auction id), 64 hex digits. */
  opportunity?: string;
}

export const feeBpsOf = (world: World) => world.scenario.amm.feeBps;

/** The calldata word that names an address (64 hex digits, lowercase). */
export const word = (address: string) => address.slice(2).toLowerCase().padStart(64, "0");
