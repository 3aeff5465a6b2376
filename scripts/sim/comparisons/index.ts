/** Every risk-control comparison, in the order `docs/RISK-CONTROLS.md` shows them. */
import { circuitBreakerComparison } from "./circuit-breaker";
import { dynamicRiskComparison } from "./dynamic-risk";
import { isolation } from "./isolation";
import { oracleManipulation } from "./oracle-manipulation";
import { staleOracle } from "./stale-oracle";
import type { ComparisonRunner } from "./types";

export const COMPARISONS: { id: string; run: ComparisonRunner }[] = [
  { id: "circuit-breaker", run: circuitBreakerComparison },
  { id: "dynamic-risk", run: dynamicRiskComparison },
  { id: "isolation", run: isolation },
  { id: "oracle-manipulation", run: oracleManipulation },
  { id: "stale-oracle", run: staleOracle },
];
