/** The engine's entry points (imported by the tasks, the reports, the bench and many tests as `sim/engine`). */
export { runScenario } from "./run";
export { FIXED_START, type RunOptions, type RunResult } from "./types";
