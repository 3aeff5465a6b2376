export { normalizeTopology, seededPath, populationSeed } from "./normalize";
export type * from "./types";
export { assertRunnable, isSystemScenario, systemRunProblems } from "./runnable";
export { pathStartPrice } from "../scenario/system-checks";
