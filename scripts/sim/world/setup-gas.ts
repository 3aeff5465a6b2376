/** The block gas limit a world is deployed and its positions opened under (the engine sets the scenario's after). */
import type { HardhatRuntimeEnvironment } from "hardhat/types";

/** Setup blocks hold the opener's large batches: at least this much gas (the loop then uses `chain.blockGasLimit`). */
export const SETUP_GAS_LIMIT = 200_000_000;

/**
 * `max(scenario's limit, 200M, the network's default transaction gas)`. On this repo's network the default is its
 * 60M block gas limit, so the answer is the 200M of every run so far; an instrumented network (the coverage gate)
 * gives every default transaction 2^40 - 1 gas, which a 200M block would refuse.
 */
export function setupGasLimit(hre: HardhatRuntimeEnvironment, scenarioLimit: number): number {
  const gas = hre.network.config.gas;
  return Math.max(scenarioLimit, SETUP_GAS_LIMIT, typeof gas === "number" ? gas : 0);
}
