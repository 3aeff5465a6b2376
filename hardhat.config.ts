// First: the network's allocator reads its options when the network loads (scripts/sim/allocator.ts).
import "./scripts/sim/allocator";
import * as fs from "node:fs";
import * as path from "node:path";
import { subtask } from "hardhat/config";
import { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } from "hardhat/builtin-tasks/task-names";
import type { HardhatUserConfig } from "hardhat/config";
import "@nomicfoundation/hardhat-toolbox";
import "./scripts/tasks/cascade";
import "./scripts/tasks/gas-war";
import "./scripts/dashboard/task";
import "./scripts/tasks/sweep";

/** The Solidity version the lab builds with (Morpho's files excepted, below); matches the pinned `solc` package. */
const SOLC_VERSION = "0.8.30";

/**
 * Morpho Blue 1.0.0 pins `pragma solidity 0.8.19`: that compiler comes from the `solc` npm package 0.8.19 installed
 * under the alias `solc-0.8.19`, and compiles Morpho's own files (and the wrapper importing them) only, with the
 * settings of Morpho's foundry.toml (via-IR, optimizer 999,999 runs, evm "paris"). docs/protocols-morpho.md.
 */
const MORPHO_SOLC_VERSION = "0.8.19";

/** Offline solc-js builds by version: npm package name (its `soljson.js` is the compiler). */
const SOLC_PACKAGES: Record<string, string> = { [SOLC_VERSION]: "solc", [MORPHO_SOLC_VERSION]: "solc-0.8.19" };

// Compile offline: use the solc-js builds shipped in the npm packages above instead of downloading a compiler (the
// download fails on offline machines and in CI here).
subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD).setAction(async (args: { solcVersion: string }, _hre, runSuper) => {
  const pkg = SOLC_PACKAGES[args.solcVersion];
  if (pkg === undefined) return runSuper(args);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const solc = require(pkg) as { version(): string };
  return {
    compilerPath: require.resolve(`${pkg}/soljson.js`),
    isSolcJs: true,
    version: args.solcVersion,
    longVersion: solc.version(),
  };
});

const MORPHO_COMPILER = {
  version: MORPHO_SOLC_VERSION,
  settings: {
    optimizer: { enabled: true, runs: 999_999 },
    viaIR: true,
    evmVersion: "paris",
    metadata: { bytecodeHash: "none" },
  },
};

/** Every Solidity source of the Morpho Blue package (source names as Hardhat sees them) and our import wrapper. */
function morphoSources(): string[] {
  const root = path.join(__dirname, "node_modules", "@morpho-org", "morpho-blue", "src");
  const walk = (dir: string): string[] =>
    fs
      .readdirSync(dir, { withFileTypes: true })
      .flatMap((e) =>
        e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".sol") ? [path.join(dir, e.name)] : [],
      );
  const files = fs.existsSync(root) ? walk(root) : [];
  return [
    ...files.map((f) => `@morpho-org/morpho-blue/src/${path.relative(root, f).split(path.sep).join("/")}`),
    "contracts/external/morpho/MorphoBlue.sol",
  ];
}

const config: HardhatUserConfig = {
  solidity: {
    compilers: [
      {
        version: SOLC_VERSION,
        settings: {
          optimizer: { enabled: true, runs: 200 },
          evmVersion: "cancun",
          viaIR: false,
        },
      },
    ],
    // Morpho Blue's files only; everything else compiles with the one compiler above.
    overrides: Object.fromEntries(morphoSources().map((source) => [source, MORPHO_COMPILER])),
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
