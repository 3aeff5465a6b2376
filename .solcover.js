// solidity-coverage: mocks and hostile test fixtures are not part of the system under test.
// How to run it (heap size, which test files) is in docs/threat-model.md, "Coverage".
module.exports = {
  skipFiles: ["test/"],
  // Instrumented runs are slower and keep every hit in memory: a short invariant fuzz unless FUZZ_RUNS is set.
  onServerReady: () => {
    process.env.FUZZ_RUNS ??= "3";
  },
};
