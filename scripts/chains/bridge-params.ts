/**
 * The bridge's parameters, with units and defaults (docs/cross-chain.md lists them): how long a message waits, how
 * many pass per block, and the failure modes a scenario can switch on.
 */

/** A window of the shared clock, seconds after the clock's start: [fromSec, untilSec). */
export interface ClockWindow {
  readonly fromSec: number;
  readonly untilSec: number;
}

export interface BridgeParams {
  /** Source-chain blocks a message waits after the block that emitted it (finality), blocks. Default 2. */
  readonly delayBlocks: number;
  /** Seconds on the shared clock a message waits after its source block, on top of `delayBlocks`. Default 0. */
  readonly delaySeconds: number;
  /** Messages the relayer delivers per destination block (its throughput), messages. Default 8. */
  readonly maxMessagesPerBlock: number;
  /** On-chain cap on what the minter mints in one block, whole wrapped tokens. Default 1,000,000. */
  readonly maxMintPerBlock: number;
  /** Halt: the relayer delivers nothing in this window (messages stay in flight); null = never. Default null. */
  readonly halt: ClockWindow | null;
  /** Delayed finality: in this window messages wait `extraBlocks` more source blocks; null = never. Default null. */
  readonly delayedFinality: (ClockWindow & { readonly extraBlocks: number }) | null;
  /** At-least-once delivery: the relayer sends every message twice (replay protection must refuse the second).
   * Default false. */
  readonly duplicateDelivery: boolean;
  /** Priority fee the relayer pays, gwei. Default 1. */
  readonly relayerPriorityGwei: number;
  /** Depeg while impaired (halt or delayed finality in force): holders sell the wrapped asset on the remote AMM
   * until its price is (1 - discount) x par (fraction, 0.22 = 22% below par); 0 = no depeg. Default 0. */
  readonly depegDiscount: number;
  /** Most the depeg sellers sell (and, once the bridge works again, arbitrageurs buy back) per remote block,
   * whole wrapped tokens. Default 50. */
  readonly depegMaxTradePerBlock: number;
  /** What the wrapped asset's feed on the remote chain reports: "par" (the home asset's price, whatever the
   * wrapped asset trades at) or "market" (the remote AMM's spot). Default "par". */
  readonly wrappedFeed: "par" | "market";
}

export const DEFAULT_BRIDGE: BridgeParams = {
  delayBlocks: 2,
  delaySeconds: 0,
  maxMessagesPerBlock: 8,
  maxMintPerBlock: 1_000_000,
  halt: null,
  delayedFinality: null,
  duplicateDelivery: false,
  relayerPriorityGwei: 1,
  depegDiscount: 0,
  depegMaxTradePerBlock: 50,
  wrappedFeed: "par",
};

export function bridgeParams(overrides: Partial<BridgeParams> = {}): BridgeParams {
  const p = { ...DEFAULT_BRIDGE, ...overrides };
  const whole = (name: string, v: number, min: number) => {
    if (!Number.isInteger(v) || v < min) throw new Error(`bridge.${name} must be a whole number >= ${min}, got ${v}`);
  };
  whole("delayBlocks", p.delayBlocks, 0);
  whole("delaySeconds", p.delaySeconds, 0);
  whole("maxMessagesPerBlock", p.maxMessagesPerBlock, 1);
  if (!(p.maxMintPerBlock > 0)) throw new Error(`bridge.maxMintPerBlock must be > 0, got ${p.maxMintPerBlock}`);
  if (!(p.depegDiscount >= 0 && p.depegDiscount < 1)) {
    throw new Error(`bridge.depegDiscount must be in [0, 1), got ${p.depegDiscount}`);
  }
  for (const [name, w] of [
    ["halt", p.halt],
    ["delayedFinality", p.delayedFinality],
  ] as const) {
    if (w && !(w.fromSec >= 0 && w.untilSec > w.fromSec)) {
      throw new Error(`bridge.${name} needs 0 <= fromSec < untilSec, got ${w.fromSec}..${w.untilSec}`);
    }
  }
  if (p.delayedFinality) whole("delayedFinality.extraBlocks", p.delayedFinality.extraBlocks, 1);
  if (p.wrappedFeed !== "par" && p.wrappedFeed !== "market") {
    throw new Error(`bridge.wrappedFeed must be "par" or "market", got ${String(p.wrappedFeed)}`);
  }
  return p;
}
