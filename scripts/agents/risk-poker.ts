/**
 * Pokes the market's risk controls every block (anyone may): the circuit breaker reads the oracle and lifts a
 * trip after its cooldown; the floor guard records the oracle's latest good answer; the dynamic risk controller
 * folds new oracle rounds into its volatility and moves the market's ltv and threshold. Real deployments rely on
 * keepers or the protocol's own bots for this.
 */
import type { World } from "../sim/world/types";
import { gwei } from "../sim/chain";
import type { AgentFactory, SentTx, SimAgent, View } from "./types";

export class RiskPoker implements SimAgent {
  readonly keeper = false;
  constructor(readonly name = "risk-poker") {}

  async act(view: View, world: World): Promise<SentTx[]> {
    const tip = gwei(2);
    const fee = { maxPriorityFeePerGas: tip, maxFeePerGas: view.baseFee * 2n + tip };
    const signer = world.oracleUpdater.signer;
    const sent: SentTx[] = [];
    if (world.breaker) {
      const tx = await world.breaker.connect(signer).poke({ gasLimit: 400_000, ...fee });
      sent.push({ hash: tx.hash, agent: this.name, kind: "risk", keeper: false, sentBlock: view.block });
    }
    if (world.boundedFeed) {
      // Keeps the floor guard's last good answer current (its fallback is never fresher than the last record).
      const tx = await world.boundedFeed.connect(signer).record({ gasLimit: 200_000, ...fee });
      sent.push({ hash: tx.hash, agent: this.name, kind: "risk", keeper: false, sentBlock: view.block });
    }
    if (world.riskController) {
      const tx = await world.riskController.connect(signer).update({ gasLimit: 400_000, ...fee });
      sent.push({ hash: tx.hash, agent: this.name, kind: "risk", keeper: false, sentBlock: view.block });
    }
    return sent;
  }
}

/** The risk poker (every scenario has one; it sends nothing without risk controls or a floor guard). */
export const riskPokerSetup: AgentFactory = {
  kind: "risk-poker",
  rank: 20,
  create: async () => [new RiskPoker()],
};
