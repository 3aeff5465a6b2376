/**
 * The auction keeper: starts the Dutch auction of every writer under maintenance, bids for whole portfolios once the
 * price has fallen to `bidAtBps` of equity (solvent) or when the insurance fund pays (insolvent), and hedges what it
 * took over like the dealer (its sales in a fall are the liquidation leg of the loop).
 */
import type { Signer } from "ethers";
import type { SpiralWorld } from "../spiral-world";
import { hedge } from "./option-hedger";
import type { BlockActivity, Sender, SpiralAgent } from "./types";

const GAS = { gasLimit: 2_000_000 };
const WAD = 10n ** 18n;
const BPS = 10_000n;

/** Bid price fraction (bps) of a solvent auction `elapsed` seconds in (OptionMarginLib.solventBidBps, rounded up). */
export function solventBidBps(
  elapsed: bigint,
  a: { fastStartBps: bigint; fastEndBps: bigint; fastDuration: bigint; slowDuration: bigint },
): bigint {
  if (elapsed < a.fastDuration) return a.fastStartBps - ((a.fastStartBps - a.fastEndBps) * elapsed) / a.fastDuration;
  const slow = elapsed - a.fastDuration;
  if (slow >= a.slowDuration) return 0n;
  return (a.fastEndBps * (a.slowDuration - slow) + a.slowDuration - 1n) / a.slowDuration;
}

export class OptionAuctionKeeper implements SpiralAgent {
  readonly name = "option-auction-keeper";
  constructor(
    private readonly signer: Signer,
    private readonly targets: readonly string[],
    private readonly bidAtBps: bigint,
    private readonly inventory: bigint,
    private readonly minTrade: bigint,
  ) {}

  async act(w: SpiralWorld, _block: number, send: Sender, activity: BlockActivity): Promise<void> {
    const a = await w.venue.auctionParams();
    const now = BigInt(w.now()) + 12n; // the next block's time, when these transactions run
    for (const account of this.targets) {
      const m = await w.venue.marginState(account);
      if ((await w.venue.positionsOf(account)).length === 0 || m.cash >= m.maintenance) continue;
      const start = await w.venue.auctionStart(account);
      if (start === 0n) {
        await send(this.signer, (nonce) => w.venue.connect(this.signer).startAuction(account, { nonce, ...GAS }));
        activity.auctionsStarted++;
        continue;
      }
      const insolvent = m.cash <= m.markValue;
      if (insolvent) {
        if ((await w.venue.insuranceFund()) < m.markValue - m.cash) continue;
      } else if (solventBidBps(now - start, a) > this.bidAtBps) continue;
      await send(this.signer, (nonce) => w.venue.connect(this.signer).bid(account, WAD, 2n ** 255n, { nonce, ...GAS }));
      activity.bids++;
    }
    await hedge(w, this.signer, this.inventory, this.minTrade, send, activity);
  }
}

export { BPS };
