/**
 * Lenders who withdraw when they see losses (`markets[].lenders[].exitOnLossBps`). In a system world whose topology
 * gives any lender group that rule, every lender group gets one agent acting in its market: each block it reads its
 * group's claim on the market (as the last block left it); once the group's loss — what it supplied, less its claim
 * and what it already took out — is more than `exitOnLossBps` of what it supplied, it sends `LenderExit.exit` (the
 * whole claim, or all the cash the market has, read in the block that pays), and again every block after while it
 * has a claim and the market has cash. A group without the rule only holds. Every group's claim and withdrawals are
 * written to the block records (`lenderGroups`) and the run's `lenders` summary (engine/lender-groups.ts), so each
 * group's loss and liquidity are read from what it holds, not from a pro-rata split.
 */
import type { LenderExit } from "../../typechain-types";
import type { LabAdapter } from "../adapters/lab/adapter";
import { gwei } from "../sim/chain";
import { lenderGroups, lenderGroupsSummary } from "../sim/engine/lender-groups";
import type { BlockRecord, RunSummary } from "../sim/metrics";
import type { Agent, World } from "../sim/world/types";
import {
  SETUP_GAS,
  type AgentFactory,
  type AgentSetup,
  type MinedTx,
  type SentTx,
  type SimAgent,
  type View,
} from "./types";

export class LenderExitAgent implements SimAgent {
  readonly keeper = false;
  readonly name: string;
  /** The group's claim at the end of each block (index = block). */
  private readonly claims: bigint[] = [];
  /** What it had withdrawn by the end of each block. */
  private readonly withdrawnBy: bigint[] = [];
  private withdrawn = 0n;
  private exiting = false;
  private pending: string | null = null;

  constructor(
    private readonly lender: Agent,
    /** The group's key (engine/lender-groups.ts) and what it supplied, debt base units. */
    readonly key: string,
    private readonly supplied: bigint,
    private readonly exitOnLossBps: number | undefined,
    private readonly lab: LabAdapter,
    private readonly exit: LenderExit,
    /** The market the group supplies to. */
    readonly market: string,
  ) {
    this.name = `lender/${market}/${key}`;
  }

  async act(view: View): Promise<SentTx[]> {
    const claim = await this.lab.suppliedOf(this.lender.address);
    if (view.block > 0) this.note(view.block - 1, claim);
    if (this.exitOnLossBps === undefined || this.pending !== null || claim === 0n) return [];
    const loss = this.supplied - claim - this.withdrawn;
    if (!this.exiting && loss * 10_000n > BigInt(this.exitOnLossBps) * this.supplied) this.exiting = true;
    if (!this.exiting) return [];
    const { supplied, borrowed, inAuction } = await this.lab.totals();
    if (supplied <= borrowed + inAuction) return []; // no cash: wait for repayments
    const tip = gwei(2);
    const tx = await this.exit.connect(this.lender.signer).exit(this.lab.address, this.lender.address, {
      gasLimit: 500_000,
      maxPriorityFeePerGas: tip,
      maxFeePerGas: view.baseFee * 2n + tip,
    });
    this.pending = tx.hash;
    return [{ hash: tx.hash, agent: this.name, kind: "lender-exit", keeper: false, sentBlock: view.block }];
  }

  onMined({ tx, events }: MinedTx): void {
    if (tx.hash === this.pending) this.pending = null;
    const me = this.lender.address.toLowerCase();
    for (const e of events) {
      if (e.role !== "pool" || e.name !== "Withdraw" || String(e.args.onBehalf).toLowerCase() !== me) continue;
      this.withdrawn += e.args.assets as bigint;
    }
  }

  async afterRun(world: World): Promise<void> {
    this.note(world.scenario.blocks - 1, await this.lab.suppliedOf(this.lender.address));
  }

  async summarize(world: World, summary: RunSummary, blocks: readonly BlockRecord[]): Promise<void> {
    // Each agent writes its group into the records; the last one (every group written) computes the summary.
    for (const b of blocks) {
      b.lenderGroups ??= {};
      b.lenderGroups[this.key] = { claim: this.claims[b.block], withdrawn: this.withdrawnBy[b.block] };
    }
    const topology = world.system!.topology;
    if (lenderGroups(topology).every((g) => blocks[0]?.lenderGroups?.[g.key])) {
      summary.lenders = lenderGroupsSummary({ topology, blocks });
    }
  }

  private note(block: number, claim: bigint): void {
    this.claims[block] = claim;
    this.withdrawnBy[block] = this.withdrawn;
  }
}

/**
 * One lender-exit agent per lender group of a system world, when any group of its topology has `exitOnLossBps`
 * (none otherwise, and none in a single-asset world, whose lenders are one group without the rule). Deploys the
 * `LenderExit` helper from the first group's account and has every group authorise it on its market.
 */
export async function createLenderExits({ world, hashes }: AgentSetup): Promise<LenderExitAgent[]> {
  const sys = world.system;
  if (!sys || !sys.topology.markets.some((m) => m.lenders.some((g) => g.exitOnLossBps !== undefined))) return [];
  const groups = lenderGroups(sys.topology);
  const first = sys.lenders[0].agent;
  const factory = await world.hre.ethers.getContractFactory("LenderExit", first.signer);
  const exit = (await factory.deploy({ gasLimit: 1_000_000 })) as unknown as LenderExit;
  hashes.push(exit.deploymentTransaction()!.hash);
  const agents: LenderExitAgent[] = [];
  for (const l of sys.lenders) {
    const j = sys.topology.markets.findIndex((m) => m.id === l.market);
    const spec = sys.topology.markets[j].lenders.find((g) => g.id === l.group)!;
    const g = groups.find((x) => x.market === l.market && x.group === l.group)!;
    const lab = world.markets[j].lab;
    hashes.push((await lab.setAuthorization(l.agent.signer, await exit.getAddress(), true, SETUP_GAS)).hash);
    agents.push(new LenderExitAgent(l.agent, g.key, g.supplied, spec.exitOnLossBps, lab, exit, l.market));
  }
  return agents;
}

/** Lender groups that withdraw on losses (system worlds; set up by system-setup.ts, each in its market's slice). */
export const lenderExitSetup: AgentFactory = {
  kind: "lender-exit",
  rank: 12,
  create: createLenderExits,
};
