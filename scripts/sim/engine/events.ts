/**
 * Every mined receipt's logs, decoded once by ABI: an address → (role, interface) registry built from the world
 * turns each log of a known contract into a `DecodedEvent` whose arguments are typed by its `role:name` key
 * (`EventArgs`). Records, bad debt, sales, external flow and the view's refresh all read these; nothing re-parses.
 * Each contract's events are looked up by topic in a table built once; arguments of static types (addresses,
 * integers, booleans, bytes1..32) are read straight from the log's words, addresses checksummed once each
 * (`checksummed`); any other type goes through the ABI coder. The arguments are the same values ethers' `parseLog`
 * gives, in the same order.
 */
import { getAddress, type EventFragment, type Interface, type ParamType } from "ethers";
import type { Receipt } from "../chain";
import type { World } from "../world/types";

/** The part a contract plays in the world (one interface per role). */
export type ContractRole = "pool" | "auctions" | "amm" | "attack-lender" | "debt" | "manipulator";

type Addr = string;

/** The arguments of every event the engine reads, by `role:name`. Amounts are base units, prices WAD. */
export interface EventArgs {
  "pool:Liquidation": {
    liquidator: Addr;
    borrower: Addr;
    asset: Addr;
    receiver: Addr;
    repaid: bigint;
    seized: bigint;
    price: bigint;
  };
  "pool:SeizedForAuction": { borrower: Addr; asset: Addr; liquidator: Addr; collateral: bigint; debt: bigint };
  "pool:BadDebtRealized": { borrower: Addr; amount: bigint; fromReserves: bigint; fromLenders: bigint };
  "pool:AuctionSettled": { debtRepaid: bigint; recovered: bigint; penaltyPaid: bigint; badDebt: bigint };
  "auctions:Kick": {
    id: bigint;
    market: Addr;
    borrower: Addr;
    asset: Addr;
    debtToRaise: bigint;
    collateral: bigint;
    startPrice: bigint;
    keeper: Addr;
    incentive: bigint;
  };
  "auctions:Take": {
    id: bigint;
    taker: Addr;
    receiver: Addr;
    price: bigint;
    owe: bigint;
    collateral: bigint;
    debtLeft: bigint;
    collateralLeft: bigint;
  };
  "auctions:Redo": { id: bigint; startPrice: bigint; keeper: Addr; incentive: bigint };
  "amm:Swap": SwapArgs;
  "attack-lender:Swap": SwapArgs;
  "debt:Transfer": { from: Addr; to: Addr; value: bigint };
  "manipulator:FlashAttack": {
    borrowed: bigint;
    liquidations: bigint;
    repaid: bigint;
    seized: bigint;
    priceWad: bigint;
    profit: bigint;
  };
}

export interface SwapArgs {
  sender: Addr;
  amount0In: bigint;
  amount1In: bigint;
  amount0Out: bigint;
  amount1Out: bigint;
  to: Addr;
}

export type EventKey = keyof EventArgs;

/** One decoded log. `args` holds every argument by name; `is` narrows it to the typed arguments of a key. */
export interface DecodedEvent {
  role: ContractRole;
  name: string;
  /** The emitting contract, lowercase. */
  address: string;
  args: Record<string, unknown>;
}

export type TypedEvent<K extends EventKey> = DecodedEvent & { args: EventArgs[K] };

/** Whether `e` is the event `key` (`"pool:Liquidation"`), narrowing its arguments. */
export function is<K extends EventKey>(e: DecodedEvent, key: K): e is TypedEvent<K> {
  return `${e.role}:${e.name}` === key;
}

/** The events of `key` among `events`, in log order. */
export function eventsOf<K extends EventKey>(events: readonly DecodedEvent[], key: K): TypedEvent<K>[] {
  return events.filter((e): e is TypedEvent<K> => is(e, key));
}

const CHECKSUMMED = new Map<string, string>();

/** `address` checksummed (EIP-55), each distinct address hashed once per process. */
export function checksummed(address: string): string {
  const lower = address.toLowerCase();
  let out = CHECKSUMMED.get(lower);
  if (out === undefined) {
    out = getAddress(lower);
    CHECKSUMMED.set(lower, out);
  }
  return out;
}

/** One event of a registered contract: how its arguments are read. */
interface EventReader {
  name: string;
  fragment: EventFragment;
  /** Reads the arguments from the log's words, or null when a type needs the ABI coder. */
  fast: ((topics: readonly string[], data: string) => Record<string, unknown>) | null;
}

/** Decodes logs by the address that emitted them and their first topic. */
export class EventDecoder {
  private readonly byAddress = new Map<
    string,
    { role: ContractRole; iface: Interface; events: Map<string, EventReader> }
  >();

  /**
   * Registers a contract; an empty address (not deployed) is skipped. With `only`, just those events of it are
   * decoded (the others are read by nobody: their logs are skipped unparsed).
   */
  add(role: ContractRole, address: string, iface: Interface, only?: readonly string[]): this {
    if (!address) return this;
    const fragments: EventFragment[] = [];
    if (only) for (const name of only) fragments.push(iface.getEvent(name)!);
    else iface.forEachEvent((f) => fragments.push(f));
    const events = new Map<string, EventReader>();
    for (const f of fragments) {
      if (f.anonymous) continue;
      events.set(f.topicHash, { name: f.name, fragment: f, fast: wordReader(f) });
    }
    this.byAddress.set(address.toLowerCase(), { role, iface, events });
    return this;
  }

  /** Every log of a registered contract in the receipt, decoded; logs of unknown contracts are left out. */
  decode(receipt: Receipt): DecodedEvent[] {
    const out: DecodedEvent[] = [];
    for (const log of receipt.logs) {
      const address = log.address.toLowerCase();
      const known = this.byAddress.get(address);
      const reader = known?.events.get(log.topics[0]?.toLowerCase());
      if (!known || !reader) continue;
      const args = reader.fast
        ? reader.fast(log.topics, log.data)
        : known.iface.decodeEventLog(reader.fragment, log.data, log.topics).toObject();
      out.push({ role: known.role, name: reader.name, address, args });
    }
    return out;
  }
}

/** The reader of one static type from a 64-hex-digit word, or null when the type is not one. */
function wordType(p: ParamType): ((word: string) => unknown) | null {
  const t = p.baseType;
  if (t === "address") return (w) => checksummed("0x" + w.slice(24));
  if (t === "bool") return (w) => BigInt("0x" + w) !== 0n;
  const int = /^(u?)int(\d*)$/.exec(t);
  if (int) {
    const bits = BigInt(int[2] || "256");
    if (int[1]) return (w) => BigInt.asUintN(Number(bits), BigInt("0x" + w));
    return (w) => BigInt.asIntN(Number(bits), BigInt("0x" + w));
  }
  const bytes = /^bytes(\d+)$/.exec(t);
  if (bytes) {
    const n = Number(bytes[1]);
    return (w) => "0x" + w.slice(0, 2 * n).toLowerCase();
  }
  return null;
}

/**
 * Reads an event's arguments from its topics (indexed) and data words (the rest) when every argument is of a static
 * one-word type and named; null otherwise (the ABI coder decodes it).
 */
function wordReader(f: EventFragment): EventReader["fast"] {
  const readers = f.inputs.map(wordType);
  if (readers.some((r) => r === null) || f.inputs.some((p) => !p.name)) return null;
  const plan = f.inputs.map((p, i) => ({ name: p.name, indexed: p.indexed === true, read: readers[i]! }));
  const dataWords = plan.filter((p) => !p.indexed).length;
  return (topics, data) => {
    const hex = data.startsWith("0x") ? data.slice(2) : data;
    if (hex.length < 64 * dataWords || topics.length !== 1 + plan.length - dataWords) {
      throw new Error(
        `log of ${f.name} does not match its ABI (${topics.length} topics, ${hex.length / 2} data bytes)`,
      );
    }
    const args: Record<string, unknown> = {};
    let topic = 1;
    let word = 0;
    for (const p of plan) {
      const w = p.indexed ? topics[topic++].slice(2) : hex.slice(64 * word, 64 * ++word);
      args[p.name] = p.read(w);
    }
    return args;
  };
}

/**
 * The decoder for every contract of the world whose events the engine or an agent reads: every event of the market,
 * its auctions and the attacker's contract; the AMMs' swaps and the debt token's transfers.
 */
export async function worldDecoder(world: World): Promise<EventDecoder> {
  const a = world.addresses;
  if (world.system) {
    // Every market's pool and auctions, every asset's AMM: the same roles, told apart by address.
    const d = new EventDecoder().add("debt", a.debt, world.debt.interface, ["Transfer"]);
    for (const m of world.markets) {
      d.add("pool", m.lab.address, m.lab.interface);
      if (m.auctions) d.add("auctions", await m.auctions.getAddress(), m.auctions.interface);
    }
    for (const x of world.assets) if (x.amm) d.add("amm", await x.amm.getAddress(), x.amm.interface, ["Swap"]);
    return d;
  }
  const d = new EventDecoder()
    .add("pool", a.pool, world.lab.interface)
    .add("amm", a.amm, world.amm!.interface, ["Swap"])
    .add("debt", a.debt, world.debt.interface, ["Transfer"]);
  if (world.auctions) d.add("auctions", a.auctions, world.auctions.interface);
  if (world.attackLender) d.add("attack-lender", a.attackLender, world.attackLender.interface, ["Swap"]);
  if (world.manipulator) d.add("manipulator", a.manipulator, world.manipulator.interface);
  return d;
}

/**
 * Every account argument of the first market's events in `events`: the positions a block changed, whoever sent the
 * transaction (borrowers, liquidators, receivers; the observer keeps the ones it follows).
 */
export function poolAccounts(events: readonly DecodedEvent[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.role !== "pool") continue;
    for (const v of Object.values(e.args))
      if (typeof v === "string" && v.length === 42 && v.startsWith("0x")) out.push(v);
  }
  return out;
}
