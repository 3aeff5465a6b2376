// solidity-coverage: mocks and hostile test fixtures are not part of the system under test.
// Run with a larger heap: NODE_OPTIONS=--max-old-space-size=8192 npm run coverage (see docs/threat-model.md).
module.exports = {
  skipFiles: ["test/"],
  // Instrumented runs are slower and keep every hit in memory: a short invariant fuzz unless FUZZ_RUNS is set.
  onServerReady: () => {
    process.env.FUZZ_RUNS ??= "3";
  },
};
