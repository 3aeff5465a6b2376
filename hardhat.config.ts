import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/config";
import "@nomicfoundation/hardhat-toolbox";
import "./scripts/tasks/cascade";
import "./scripts/tasks/gas-war";
import "./scripts/dashboard/task";
import "./scripts/tasks/sweep";

/** The one Solidity version we build with; it must match the pinned `solc` npm package. */
const SOLC_VERSION = "0.8.30";

// Compile offline: use the solc-js build shipped in the `solc` npm package instead of downloading a
// compiler (the download fails on offline machines and in CI here).
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD).setAction(async (args: { solcVersion: string }, _hre, runSuper) => {
  if (args.solcVersion !== SOLC_VERSION) return runSuper(args);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require("solc") as { version(): string };
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: args.solcVersion,
    longVersion: solc.version(),
  };
});

const config: HardhatUserConfig = {
  solidity: {
    version: SOLC_VERSION,
    settings: {
      optimizer: { enabled: true, runs: 200 },
      evmVersion: "cancun",
      viaIR: false,
    },
  },
  networks: {
    hardhat: {
      hardfork: "cancun",
      // Scripts switch automine off (evm_setAutomine) to let keepers compete in a real mempool;
      // "priority" orders pending transactions by the priority fee they pay, as block builders do.
      mining: { auto: true, interval: 0, mempool: { order: "priority" } },
      // Large worlds deploy many accounts' positions; keep the in-process chain from refusing them.
      allowUnlimitedContractSize: false,
      blockGasLimit: 60_000_000,
    },
    localhost: { url: "http://127.0.0.1:8545" },
  },
  gasReporter: {
    enabled: process.env.REPORT_GAS === "true",
    offline: true,
    currency: "USD",
    noColors: !!process.env.GAS_REPORT_FILE,
    outputFile: process.env.GAS_REPORT_FILE,
    reportPureAndViewMethods: true,
  },
  typechain: { outDir: "typechain-types", target: "ethers-v6" },
  mocha: {
    timeout: 120_000,
    // The coverage gate (scripts/coverage/run.ts) sets COVERAGE_RUN=1: instrumented bytecode costs more gas, so the
    // gas-budget tests (titles tagged @gas-budget) are left out of that run; `npx hardhat test` runs them.
    ...(process.env.COVERAGE_RUN === "1" ? { grep: "@gas-budget", invert: true } : {}),
  },
};

export default config;
