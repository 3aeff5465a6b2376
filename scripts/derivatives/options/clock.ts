/** Setup transactions at explicit block times, so that measured figures never depend on the wall clock. */
import { ethers } from "hardhat";

/** Runs `send` (a transaction or a mine) in the next block, one second after the previous scheduled one. */
export type At = (send: () => Promise<unknown>) => Promise<void>;

export function scheduler(start: number): At {
  let t = start;
  return async (send) => {
    t += 1;
    await ethers.provider.send("evm_setNextBlockTimestamp", [t]);
    await send();
  };
}

/** A scheduler starting 10 s after the latest block. */
export async function schedulerFromLatest(): Promise<At> {
  return scheduler((await ethers.provider.getBlock("latest"))!.timestamp + 10);
}

/** Mines an empty block at the next scheduled time (views then read that block's time). */
export const mineAt = (at: At) => at(() => ethers.provider.send("evm_mine", []));
