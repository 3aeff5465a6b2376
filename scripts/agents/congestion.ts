/**
 * Background traffic: fills a share of each block's gas (more in a burst) at its own priority fee, so keepers
 * compete for the rest of the block.
 */
import type { World, Agent } from "../sim/world/types";
import { gwei } from "../sim/chain";
import type { Rng } from "../sim/random";
import type { AgentFactory, SentTx, SimAgent, View } from "./types";
import { makeAgent } from "../sim/world/accounts";
import { encodeCall } from "../sim/calldata";

const CHUNK = 5_000_000;
const LEAVE = 5_000n;

export class Congestion implements SimAgent {
  readonly name = "congestion";
  readonly keeper = false;
  constructor(private readonly senders: Agent[]) {}
  /** The burner's address, read once. */
  private burner = "";

  async act(view: View, world: World, rng: Rng): Promise<SentTx[]> {
    const c = world.scenario.chain.congestion;
    const share = rng.uniform() < c.burstProbability ? c.burstGasShare : c.backgroundGasShare;
    let gas = Math.floor(share * world.scenario.chain.blockGasLimit);
    const sent: SentTx[] = [];
    const tip = gwei(c.backgroundPriorityGwei);
    let i = 0;
    this.burner ||= await world.burner.getAddress();
    const data = encodeCall(world.burner.interface, "burn", [LEAVE]);
    while (gas >= 50_000) {
      const limit = Math.min(gas, CHUNK);
      const sender = this.senders[i++ % this.senders.length];
      // Raw (one RPC call): the same transaction ethers' signer would send, without its look-ups.
      const hash = await world.chain.sendTransaction({
        from: sender.address,
        to: this.burner,
        data,
        gasLimit: limit,
        maxPriorityFeePerGas: tip,
        maxFeePerGas: view.baseFee * 2n + tip,
      });
      sent.push({ hash, agent: this.name, kind: "background", keeper: false, sentBlock: view.block });
      gas -= limit;
    }
    return sent;
  }
}

/** Background traffic from two senders (every scenario has it; `chain.congestion` sets how much). */
export const congestionSetup: AgentFactory = {
  kind: "congestion",
  rank: 0,
  async create({ world }) {
    const senders = [
      await makeAgent(world.hre, world.chain, "background/0", 10n ** 9n),
      await makeAgent(world.hre, world.chain, "background/1", 10n ** 9n),
    ];
    return [new Congestion(senders)];
  },
};
