/**
 * The relayer agent: watches the home vault's locks and the remote minter's burns, waits each message out
 * (confirmations and seconds, longer under delayed finality), and delivers at most `maxMessagesPerBlock` per
 * destination block through the destination chain's mempool, except while halted. A delivery that reverts for any
 * reason but replay goes back in the queue; with `duplicateDelivery` every message is sent twice and the second
 * must be refused by the contract.
 */
import { gwei } from "../sim/chain";
import { selectForBlock, type BridgeMessage } from "./bridge-rules";
import { ACCOUNT, type BridgeWorld } from "./bridge-world";
import type { ClockTick } from "./clock";
import type { LabChain } from "./lab-chain";

/** Gas a delivery may use (a mint or a release costs about 100k). */
const DELIVERY_GAS = 250_000n;

/** One delivered message: where it came from and when it landed. */
export interface Delivery {
  readonly message: BridgeMessage;
  /** Destination block number and timestamp (Unix seconds). */
  readonly block: number;
  readonly time: number;
}

interface Sent {
  readonly message: BridgeMessage;
  readonly hash: string;
  readonly duplicate: boolean;
}

export class Relayer {
  readonly waiting: BridgeMessage[] = [];
  readonly delivered: Delivery[] = [];
  /** Second deliveries the destination refused (replay protection at work). */
  duplicatesRefused = 0;
  /** First deliveries that reverted and went back in the queue (e.g. over the per-block mint cap). */
  retries = 0;
  private sent: Sent[] = [];
  private scanned: { home: number; remote: number };

  private constructor(
    readonly world: BridgeWorld,
    scannedHome: number,
    scannedRemote: number,
  ) {
    this.scanned = { home: scannedHome, remote: scannedRemote };
  }

  /** A relayer that takes over after setup (setup's messages were delivered by the setup itself). */
  static async start(world: BridgeWorld): Promise<Relayer> {
    return new Relayer(world, await world.home.chain.blockNumber(), await world.remote.chain.blockNumber());
  }

  /** Messages emitted and not yet delivered, each way, token units. */
  inFlight(): { out: bigint; back: bigint } {
    const pending = [...this.waiting, ...this.sent.filter((s) => !s.duplicate).map((s) => s.message)];
    const sum = (d: "out" | "back") => pending.filter((m) => m.direction === d).reduce((a, m) => a + m.amount, 0n);
    return { out: sum("out"), back: sum("back") };
  }

  /** After a step: picks up new messages on both chains and settles what was sent. */
  async observe(): Promise<void> {
    const w = this.world;
    const homeHead = await w.home.chain.blockNumber();
    if (homeHead > this.scanned.home) {
      for (const e of await w.vault.queryFilter(w.vault.filters.Locked(), this.scanned.home + 1, homeHead)) {
        const block = await w.home.chain.send<{ timestamp: string }>("eth_getBlockByNumber", [
          "0x" + e.blockNumber.toString(16),
          false,
        ]);
        this.waiting.push({
          direction: "out",
          nonce: e.args.nonce,
          recipient: e.args.recipient,
          amount: e.args.amount,
          sourceBlock: e.blockNumber,
          sourceTime: Number(block.timestamp),
        });
      }
      this.scanned.home = homeHead;
    }
    const remoteHead = await w.remote.chain.blockNumber();
    if (remoteHead > this.scanned.remote) {
      const burns = await w.minter.queryFilter(
        w.minter.filters.BurnedForRelease(),
        this.scanned.remote + 1,
        remoteHead,
      );
      for (const e of burns) {
        const block = await w.remote.chain.send<{ timestamp: string }>("eth_getBlockByNumber", [
          "0x" + e.blockNumber.toString(16),
          false,
        ]);
        this.waiting.push({
          direction: "back",
          nonce: e.args.nonce,
          recipient: e.args.recipient,
          amount: e.args.amount,
          sourceBlock: e.blockNumber,
          sourceTime: Number(block.timestamp),
        });
      }
      this.scanned.remote = remoteHead;
    }
    const still: Sent[] = [];
    for (const s of this.sent) {
      const chain = s.message.direction === "out" ? w.remote : w.home;
      const r = await chain.chain.receipt(s.hash);
      if (!r) {
        still.push(s);
      } else if (r.status === 1) {
        this.delivered.push({ message: s.message, block: r.blockNumber, time: chain.lastTimestamp });
      } else if (s.duplicate) {
        this.duplicatesRefused++;
      } else {
        this.retries++;
        this.waiting.push(s.message);
      }
    }
    this.sent = still;
  }

  /** Before a step: sends the deliveries of every destination chain due in `tick`. */
  async act(tick: ClockTick): Promise<void> {
    const w = this.world;
    const sinceStart = tick.time - w.set.start;
    for (const i of tick.due) {
      const dest = w.set.chains[i];
      const direction = dest === w.remote ? "out" : dest === w.home ? "back" : null;
      if (!direction) continue;
      const source = direction === "out" ? w.home : w.remote;
      const candidates = this.waiting.filter((m) => m.direction === direction);
      const chosen = selectForBlock(candidates, w.params, tick.time, source.lastBlockNumber, sinceStart);
      for (const m of chosen) {
        this.waiting.splice(this.waiting.indexOf(m), 1);
        const copies = w.params.duplicateDelivery ? 2 : 1;
        for (let c = 0; c < copies; c++) {
          this.sent.push({ message: m, hash: await this.deliver(dest, m), duplicate: c > 0 });
        }
      }
    }
  }

  private async deliver(dest: LabChain, m: BridgeMessage): Promise<string> {
    const w = this.world;
    const signer = await dest.signer(ACCOUNT.relayer);
    const prio = gwei(w.params.relayerPriorityGwei);
    const fees = {
      gasLimit: DELIVERY_GAS,
      maxPriorityFeePerGas: prio,
      maxFeePerGas: 2n * (await dest.chain.nextBaseFee()) + prio,
    };
    const tx =
      m.direction === "out"
        ? await w.minter.connect(signer).mint(m.nonce, m.recipient, m.amount, fees)
        : await w.vault.connect(signer).release(m.nonce, m.recipient, m.amount, fees);
    return tx.hash;
  }
}
