/**
 * Agent setup: every kind in the registry sets up its agents from its scenario fields; their setup transactions are
 * mined in one block, then the native balances they asked for are set. Returns the agents in acting order.
 */
import type { AgentFactory, SimAgent } from "../../agents/types";
import { AGENT_KINDS } from "../../agents/registry";
import { mineChecked } from "../world/open-positions";
import type { World } from "../world/types";

/** The agents of a run: `fixed` act in this order each block, then `shuffled` in a seeded random order. */
export interface AgentLineup {
  fixed: SimAgent[];
  shuffled: SimAgent[];
  all: SimAgent[];
  /** The slice each agent acts in (an index into the run's slices, `slices.ts`); absent or unlisted: slice 0. */
  sliceOf?: Map<SimAgent, number>;
}

/** Sets up every agent kind (`kinds`, the registry by default) and mines their setup at `timestamp`. */
export async function setupAgents(
  world: World,
  initialPrice: number,
  timestamp: number,
  kinds: readonly AgentFactory[] = AGENT_KINDS,
): Promise<AgentLineup> {
  const hashes: string[] = [];
  const balances: [string, bigint][] = [];
  const made: { kind: AgentFactory; agents: SimAgent[] }[] = [];
  for (const kind of kinds) made.push({ kind, agents: await kind.create({ world, initialPrice, hashes, balances }) });
  await mineChecked(world.chain, timestamp, hashes, "agents");
  for (const [address, wei] of balances) await world.chain.setBalance(address, wei);
  // Stable by rank: equal ranks keep the registry's order.
  const ranked = made.map((m, i) => ({ ...m, i })).sort((a, b) => a.kind.rank - b.kind.rank || a.i - b.i);
  const fixed = ranked.filter((m) => !m.kind.shuffled).flatMap((m) => m.agents);
  const shuffled = ranked.filter((m) => m.kind.shuffled).flatMap((m) => m.agents);
  return { fixed, shuffled, all: made.flatMap((m) => m.agents) };
}
