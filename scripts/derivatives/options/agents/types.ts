/**
 * The standalone options driver's agent interface (scripts/derivatives/options/spiral.ts). Like the engine's agents,
 * an agent reads the chain at the start of a block and sends its transactions into the mempool; the driver mines
 * them together. Not an engine `SimAgent`: the engine has no options section yet (see docs/derivatives-options.md).
 */
import type { Signer } from "ethers";
import type { SpiralWorld } from "../spiral-world";

/** What an agent's transactions did in one block, summed into the block record. */
export interface BlockActivity {
  /** Collateral sold into the AMM by hedgers (WAD). */
  hedgeSold: bigint;
  /** Collateral bought from the AMM by hedgers (WAD). */
  hedgeBought: bigint;
  auctionsStarted: number;
  bids: number;
}

export interface SpiralAgent {
  readonly name: string;
  /** Sends this block's transactions (not mined yet) through `send`. */
  act(world: SpiralWorld, block: number, send: Sender, activity: BlockActivity): Promise<void>;
}

/** Sends a transaction from `signer` with the next nonce the driver tracks for it (the mempool holds it). */
export type Sender = (signer: Signer, build: (nonce: number) => Promise<unknown>) => Promise<void>;
