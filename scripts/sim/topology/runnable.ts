/**
 * Which scenarios the engine runs as a system (several assets or markets: `engine/prepare.ts`) and what a system
 * world cannot hold yet. `assertRunnable` refuses the latter before anything is deployed, one line per problem.
 */
import type { Scenario } from "../scenario";
import { ScenarioError } from "../scenario/errors";
import { normalizeTopology } from "./normalize";
import { oracleReadsAmm } from "../world/asset";

/** Whether a scenario describes a system (assets, markets, entities, correlation or keepers' markets). */
export function isSystemScenario(s: Scenario): boolean {
  return Boolean(
    s.assets ||
      s.markets ||
      s.correlation ||
      s.correlateJumps ||
      s.entities.length > 0 ||
      s.keepers.some((k) => k.markets),
  );
}

/** What a system scenario asks that the system world does not run (empty for a single-asset scenario). */
export function systemRunProblems(s: Scenario): string[] {
  if (!isSystemScenario(s)) return [];
  const t = normalizeTopology(s);
  const problems: string[] = [];
  t.assets.forEach((a, i) => {
    if (!a.amm && oracleReadsAmm(a.oracle))
      problems.push(
        `assets[${i}].oracle: asset ${a.id} has no AMM (amm null), so its oracle must read "external" only`,
      );
  });
  for (const m of t.markets) {
    const first = t.assets.find((a) => a.id === m.collaterals[0].asset);
    if (m.riskControls.dynamicRisk.enabled && !first?.amm)
      problems.push(
        `markets.${m.id}.riskControls.dynamicRisk.enabled: its first collateral ${first?.id} has no AMM to read depth from`,
      );
  }
  if (s.attack.enabled) problems.push("attack.enabled: the attacker acts in single-asset, single-market worlds only");
  if (s.exploiter.enabled)
    problems.push("exploiter.enabled: the exploiter acts in single-asset, single-market worlds only");
  return problems;
}

/** Throws a `ScenarioError` naming everything `systemRunProblems` finds. */
export function assertRunnable(s: Scenario, source = "scenario"): void {
  const problems = systemRunProblems(s);
  if (problems.length > 0) throw new ScenarioError(source, problems);
}
