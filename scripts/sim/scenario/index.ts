export { scenarioSchema, type Scenario, type ScenarioInput, type PathSpec, type KeeperGroup } from "./schema";
export { parseScenario, loadScenarioFile } from "./parse";
export { applyOverrides, parseOverrideValue, splitPath } from "./overrides";
export { ScenarioError, dottedPath } from "./errors";
export { fieldMeta, field, UNIT, type FieldMeta } from "./field";
