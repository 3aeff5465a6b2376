/**
 * The market around the options: the exogenous seller (the shock that starts the fall) and the oracle updater (submits
 * the AMM's price to the lagged feed every block, which the venue reads after the latency).
 */
import type { Signer } from "ethers";
import type { SpiralWorld } from "../spiral-world";
import type { BlockActivity, Sender, SpiralAgent } from "./types";

const GAS = { gasLimit: 300_000 };

export class ShockSeller implements SpiralAgent {
  readonly name = "shock-seller";
  /** Sells `fractionPpm` parts per million of the AMM's collateral reserve per block in blocks 1..blocks. */
  constructor(
    private readonly signer: Signer,
    private readonly fractionPpm: bigint,
    private readonly blocks: number,
  ) {}

  async act(w: SpiralWorld, block: number, send: Sender, _activity: BlockActivity): Promise<void> {
    if (block < 1 || block > this.blocks) return;
    const amount = (w.collateralReserve() * this.fractionPpm) / 1_000_000n;
    const who = await this.signer.getAddress();
    const pool = await w.pool.getAddress();
    const deadline = BigInt(w.now()) + 3_600n;
    await send(this.signer, (nonce) =>
      w.router
        .connect(this.signer)
        .swapExactTokensForTokens(pool, w.collateralAddress, amount, 0n, who, deadline, { nonce, ...GAS }),
    );
  }
}

export class OracleUpdater implements SpiralAgent {
  readonly name = "oracle-updater";
  constructor(private readonly signer: Signer) {}

  async act(w: SpiralWorld, _block: number, send: Sender, _activity: BlockActivity): Promise<void> {
    const answer = w.spotWad() / 10n ** 10n;
    const observedAt = w.now();
    await send(this.signer, (nonce) => w.feed.connect(this.signer).submit(answer, observedAt, { nonce, ...GAS }));
  }
}
