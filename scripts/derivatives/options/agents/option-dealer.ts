/** The dealer: short puts on the venue (short gamma), delta-hedging on the AMM every block. */
import type { Signer } from "ethers";
import type { SpiralWorld } from "../spiral-world";
import { hedge } from "./option-hedger";
import type { BlockActivity, Sender, SpiralAgent } from "./types";

export class OptionDealer implements SpiralAgent {
  readonly name = "option-dealer";
  constructor(
    private readonly signer: Signer,
    private readonly inventory: bigint,
    private readonly minTrade: bigint,
    private readonly hedges: boolean,
  ) {}

  async act(w: SpiralWorld, _block: number, send: Sender, activity: BlockActivity): Promise<void> {
    if (!this.hedges) return;
    await hedge(w, this.signer, this.inventory, this.minTrade, send, activity);
  }
}
