/**
 * The core contracts mutation testing covers, and the test files that judge each one's mutants (the tests that
 * exercise the contract directly, plus a short seeded invariant fuzz where the contract is part of its world).
 */
export interface Target {
  /** Contract name, as given to --contract. */
  name: string;
  file: string;
  tests: string[];
}

/** The fuzzer is run short and seeded, so that a mutant's verdict does not depend on a random draw. */
export const FUZZ_ENV = { FUZZ_RUNS: "8", FUZZ_STEPS: "20", FUZZ_SEED: "1", FUZZ_NO_SHRINK: "1" };
const FUZZ = "test/invariants/LendingAuctionAmm.invariants.test.ts";

/**
 * In the order a run judges them. LendingPool and DynamicRiskController come last: they change most often (a rerun
 * of just those two: `npm run mutate -- --contract LendingPool,DynamicRiskController --fresh --workers 2`). Test
 * files: the contract's own first (a worker moves the files that kill most ahead as it goes), the fuzz last.
 */
export const TARGETS: Target[] = [
  {
    name: "DutchAuctionLiquidator",
    file: "contracts/liquidation/DutchAuctionLiquidator.sol",
    tests: ["test/liquidation/*.test.ts", "test/attacks/*.test.ts", FUZZ],
  },
  {
    name: "ConstantProductPool",
    file: "contracts/amm/ConstantProductPool.sol",
    tests: ["test/amm/*.test.ts", FUZZ],
  },
  {
    name: "LaggedPriceFeed",
    file: "contracts/oracle/LaggedPriceFeed.sol",
    tests: ["test/oracle/LaggedPriceFeed.test.ts", "test/integration/*.test.ts", FUZZ],
  },
  {
    name: "CircuitBreaker",
    file: "contracts/risk/CircuitBreaker.sol",
    tests: ["test/risk/CircuitBreaker*.test.ts", FUZZ],
  },
  {
    name: "LendingPool",
    file: "contracts/lending/LendingPool.sol",
    tests: ["test/lending/*.test.ts", "test/attacks/*.test.ts", "test/lens/RiskLens.test.ts", FUZZ],
  },
  {
    name: "DynamicRiskController",
    file: "contracts/risk/DynamicRiskController.sol",
    tests: ["test/risk/DynamicRiskController*.test.ts", FUZZ],
  },
];
