/**
 * Until the world is built from the topology, the engine reads a scenario's top-level fields only. This guard
 * refuses scenarios that use the system fields, so that they fail loudly instead of running as something else.
 */
import type { Scenario } from "../scenario";
import { ScenarioError } from "../scenario/errors";

const NOT_YET =
  "not run by the engine yet: it builds one asset and one market from the top-level fields (docs/topology.md)";

/** Throws a `ScenarioError` naming every system field `s` uses (assets, correlation, markets, entities, keepers' markets). */
export function assertSingleMarketEngine(s: Scenario, source = "scenario"): void {
  const problems: string[] = [];
  if (s.assets) problems.push(`assets: ${NOT_YET}`);
  if (s.correlation) problems.push(`correlation: ${NOT_YET}`);
  if (s.correlateJumps) problems.push(`correlateJumps: ${NOT_YET}`);
  if (s.markets) problems.push(`markets: ${NOT_YET}`);
  if (s.entities.length > 0) problems.push(`entities: ${NOT_YET}`);
  s.keepers.forEach((k, i) => {
    if (k.markets) problems.push(`keepers[${i}].markets: ${NOT_YET}`);
  });
  if (problems.length > 0) throw new ScenarioError(source, problems);
}
