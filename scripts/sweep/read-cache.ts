/**
 * A sweep worker's memo of repeated reads: the engine asks the in-process network the same question several times
 * with nothing changed in between (each keeper reads the pending block, the latest block, the same lens call), and
 * the pending block is the costliest read there is (the node executes every pending transaction to build it). The
 * network is deterministic, so a read repeated while no request that can change the chain or the mempool has been
 * sent in between gets the answer it got the first time; any other request empties the memo. A read that overlaps
 * another request (sent before it answered) is neither answered from the memo nor kept in it. Answers are copied
 * both ways, so a caller that edits an answer edits only its own copy.
 *
 * Profile of one default-preset run (scripts/sweep/profile-run.ts, PROFILE_RPC=1): 480 reads answered here. The
 * pending block is not among them: the engine's Chain answers those from its copy of the mempool (scripts/sim/mempool.ts).
 */
import type { EthereumProvider, RequestArguments } from "hardhat/types";

/** Reads whose answer depends only on the chain and the mempool; any other method may change them. */
export const MEMO_READS: ReadonlySet<string> = new Set([
  "eth_getBlockByNumber",
  "eth_call",
  "eth_getBalance",
  "eth_getTransactionCount",
  "eth_blockNumber",
  "eth_chainId",
  "eth_getCode",
  "eth_getStorageAt",
]);

export interface ReadMemo {
  hits: number;
  misses: number;
  /** Restores the provider's own request and send. */
  uninstall: () => void;
}

const copy = <T>(v: T): T => (v === null || typeof v !== "object" ? v : structuredClone(v));

/**
 * Puts the memo in front of `provider.request` and `provider.send` (ethers' provider and the engine's Chain both
 * call `send`, which would otherwise go to the wrapped provider and miss the memo).
 */
export function installReadMemo(provider: EthereumProvider): ReadMemo {
  const ownRequest = provider.request;
  const ownSend = provider.send;
  const request = ownRequest.bind(provider);
  const memo = new Map<string, unknown>();
  /** Requests sent and not answered yet; bumped generation on every request that may change the chain. */
  let inFlight = 0;
  let generation = 0;
  const stats: ReadMemo = {
    hits: 0,
    misses: 0,
    uninstall: () => {
      provider.request = ownRequest;
      provider.send = ownSend;
    },
  };
  const memoRequest = async (args: RequestArguments) => {
    const read = MEMO_READS.has(args.method);
    if (!read) {
      generation += 1;
      memo.clear();
    }
    const key = read ? JSON.stringify([args.method, args.params ?? []]) : "";
    if (read && inFlight === 0 && memo.has(key)) {
      stats.hits += 1;
      return copy(memo.get(key));
    }
    const alone = inFlight === 0;
    const before = generation;
    inFlight += 1;
    let answer: unknown;
    try {
      answer = await request(args);
    } finally {
      inFlight -= 1;
    }
    if (read) {
      stats.misses += 1;
      // Kept only when nothing else was in flight from the question to the answer.
      if (alone && inFlight === 0 && generation === before) memo.set(key, copy(answer));
    }
    return answer;
  };
  // Both call the memo's own request, never `provider.request` as it is when called: a watch installed over this one
  // (the engine's Chain follows the mempool from every call) would otherwise see each `send` twice.
  provider.request = memoRequest;
  provider.send = (method: string, params?: unknown[]) => memoRequest({ method, params });
  return stats;
}
