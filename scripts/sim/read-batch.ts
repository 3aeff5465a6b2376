/**
 * View calls read together in one eth_call (`RiskLens.reads`): each call is encoded with its contract's own ABI and
 * its answer decoded the way an ethers contract call decodes it (a single output unwrapped), so a batched read gives
 * exactly what the separate calls gave at the same block. On the in-process network every eth_call carries a fixed
 * cost (about a millisecond: the call's context and its trace) well above what a small view executes, so the
 * observer's per-block reads of a market (totals, configuration, AMM reserves, feed rounds) go as one.
 */
import type { Interface, Result } from "ethers";
import type { RiskLens } from "../../typechain-types";
import { decodeBytesArray, decodeResult, encodeCall } from "./calldata";

interface Entry {
  target: string;
  data: string;
  decode: (ret: string) => unknown;
}

/** What an ethers contract call returns for `result`: the single output itself, else the whole Result. */
function asContractCall(result: Result): unknown {
  return result.length === 1 ? result[0] : result;
}

export class ReadBatch {
  private readonly entries: Entry[] = [];
  private results: unknown[] | null = null;

  /**
   * Adds `fn(...args)` of the contract at `target` (ABI `iface`); the getter returns its decoded answer once `run`
   * has read the batch.
   */
  add<T>(target: string, iface: Interface, fn: string, args: readonly unknown[] = []): () => T {
    if (this.results) throw new Error("read batch: already read");
    const i = this.entries.length;
    this.entries.push({
      target,
      data: encodeCall(iface, fn, args),
      decode: (ret) => asContractCall(decodeResult(iface, fn, ret)),
    });
    return () => {
      if (!this.results) throw new Error("read batch: read before run");
      return this.results[i] as T;
    };
  }

  /**
   * Reads every call added in one eth_call through `lens`, at the latest block: sent to its node as it is (the lens's
   * own ABI, encoded and decoded by `calldata.ts`), without ethers' contract machinery around the one call.
   */
  async run(lens: RiskLens): Promise<void> {
    const answers = this.entries.length ? await lensReads(lens, this.entries) : [];
    this.results = this.entries.map((e, i) => e.decode(answers[i]));
  }
}

/**
 * Gas the batch's eth_call may use: a call without it gets the block gas limit, which the separate calls each had and
 * which the batch's sum may exceed (a scenario's block may be as small as 1M gas). Nodes cap eth_call gas apart from
 * blocks (geth: 50M by default); the in-process network takes this much.
 */
export const READ_BATCH_GAS = 500_000_000;

async function lensReads(lens: RiskLens, entries: readonly Entry[]): Promise<string[]> {
  const provider = lens.runner?.provider as unknown as { send(method: string, params: unknown[]): Promise<string> };
  const data = encodeCall(lens.interface, "reads", [entries.map((e) => e.target), entries.map((e) => e.data)]);
  const gas = "0x" + READ_BATCH_GAS.toString(16);
  return decodeBytesArray(await provider.send("eth_call", [{ to: lens.target, data, gas }, "latest"]));
}
