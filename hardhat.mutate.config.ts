/**
 * Hardhat config of a mutation run only (`npm run mutate`, scripts/mutate/): the project config with what makes a
 * mutant slow and does not change what the contracts do.
 *
 * - optimizer off: solc-js (wasm) compiles several times faster; the optimizer must not change semantics, so a verdict
 *   holds for the optimized build (the gas-budget tests, whose figures it does change, are left out of the run:
 *   mocha `--grep @gas-budget --invert`, as in the coverage run);
 * - `allowUnlimitedContractSize`: unoptimized LendingPool is above the EIP-170 limit (the limit is checked by
 *   test/bench/sizes.test.ts against the real config, not here);
 * - no TypeChain regeneration on compile (the types are unchanged by a mutant; tests run transpile-only);
 * - solc-js loaded once in the process and reused for every compile, instead of a new process per compile.
 */
import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_RUN_SOLCJS } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/config";
import base from "./hardhat.config";

let solc: { compile(input: string): string } | undefined;
subtask(TASK_COMPILE_SOLIDITY_RUN_SOLCJS).setAction(async ({ input }: { input: unknown }) => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  solc ??= require("solc") as { compile(input: string): string };
  return JSON.parse(solc.compile(JSON.stringify(input))) as unknown;
});

const config: HardhatUserConfig = {
  ...base,
  solidity: {
    version: (base.solidity as { version: string }).version,
    settings: {
      ...(base.solidity as { settings: Record<string, unknown> }).settings,
      optimizer: { enabled: false },
    },
  },
  networks: {
    ...base.networks,
    hardhat: { ...base.networks?.hardhat, allowUnlimitedContractSize: true },
  },
  typechain: { ...base.typechain, dontOverrideCompile: true },
  mocha: { ...base.mocha, grep: "@gas-budget", invert: true },
};

export default config;
