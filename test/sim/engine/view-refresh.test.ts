import { expect } from "chai";
import hre from "hardhat";
import { takeSnapshot } from "@nomicfoundation/hardhat-network-helpers";
import { parseScenario, type ScenarioInput } from "../../../scripts/sim/scenario";
import { runScenario } from "../../../scripts/sim/engine";
import { AGENT_KINDS } from "../../../scripts/agents/registry";
import {
  SETUP_GAS,
  UNLIMITED,
  type AgentFactory,
  type SentTx,
  type SimAgent,
  type View,
} from "../../../scripts/agents/types";
import { makeAgent } from "../../../scripts/sim/world/accounts";
import type { Agent, World } from "../../../scripts/sim/world/types";
import { gwei } from "../../../scripts/sim/chain";

/** A small calm world: 5 borrowers, 5 blocks, no keepers, no background traffic. */
const SMALL: ScenarioInput = {
  name: "view-refresh",
  seed: 3,
  blocks: 5,
  borrowers: { count: 5 },
  keepers: [],
  path: { kind: "step", dropPct: 0 },
  chain: { congestion: { backgroundGasShare: 0, burstProbability: 0 } },
};

/** Collateral units the agent adds to the first borrower's position in block 1. */
const TOP_UP = 10n ** 18n;

/**
 * Deposits collateral for someone else's position in block 1 and tells the engine nothing about it (no records, no
 * borrower named in its transaction record): what it reads of that position in every block is kept.
 */
class SilentTopUp implements SimAgent {
  readonly name = "silent-top-up";
  readonly keeper = false;
  readonly seen: bigint[] = [];
  constructor(private readonly me: Agent) {}

  async act(view: View, world: World): Promise<SentTx[]> {
    const borrower = world.borrowers[0];
    this.seen.push(view.positions.get(borrower)!.collateral);
    if (view.block !== 1) return [];
    const tip = gwei(2);
    const tx = await world.lab.depositCollateral(this.me.signer, world.addresses.collateral, TOP_UP, borrower, {
      gasLimit: 200_000,
      maxPriorityFeePerGas: tip,
      maxFeePerGas: view.baseFee * 2n + tip,
    });
    return [{ hash: tx.hash, agent: this.name, kind: "exploit", keeper: false, sentBlock: view.block }];
  }
}

describe("Engine: the view refreshes from the market's events", function () {
  this.timeout(300_000);

  it("an agent that changes a position without telling the engine is still seen the next block", async () => {
    const agent: SilentTopUp[] = [];
    const topUp: AgentFactory = {
      kind: "silent-top-up",
      rank: 45,
      async create({ world, hashes }) {
        const me = await makeAgent(world.hre, world.chain, "silent-top-up");
        const admin = world.deployer.signer;
        hashes.push((await world.collateral.connect(admin).mint(me.address, TOP_UP, SETUP_GAS)).hash);
        hashes.push(
          (await world.collateral.connect(me.signer).approve(world.addresses.pool, UNLIMITED, SETUP_GAS)).hash,
        );
        agent.push(new SilentTopUp(me));
        return agent;
      },
    };
    const snapshot = await takeSnapshot();
    try {
      const r = await runScenario(hre, parseScenario(SMALL), { agentKinds: [...AGENT_KINDS, topUp] });
      const seen = agent[0].seen;
      expect(seen).to.have.length(5);
      // Blocks 0 and 1 see the opening deposit; from block 2 on, the top-up mined in block 1.
      expect(seen[1]).to.equal(seen[0]);
      expect(seen[2]).to.equal(seen[0] + TOP_UP);
      expect(seen[4]).to.equal(seen[0] + TOP_UP);
      // The run's own end-of-run positions read the same view.
      expect(r.positions[0].startCollateral).to.equal(seen[0]);
      expect(r.positions[0].endCollateral).to.equal(seen[0] + TOP_UP);
    } finally {
      await snapshot.restore();
    }
  });
});
