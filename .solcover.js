// solidity-coverage: mocks and hostile test fixtures are not part of the system under test.
// Run it through the gate, `npm run coverage` (scripts/coverage/run.ts): it picks the test files, the heap size and the
// coverage-sized lens test; docs/threat-model.md, "Coverage", explains the choices.
module.exports = {
  skipFiles: ["test/"],
  // json-summary: per-file totals read by the gate; html and lcov for people.
  istanbulReporter: ["html", "lcov", "text", "json", "json-summary"],
  // Instrumented runs are slower and keep every hit in memory: a short invariant fuzz unless FUZZ_RUNS is set, seeded
  // so that two runs of the gate on the same code report the same figures.
  onServerReady: () => {
    process.env.FUZZ_RUNS ??= "3";
    process.env.FUZZ_SEED ??= "1";
  },
};
