import * as fs from "node:fs";
import { parseScenario } from "../scripts/sim/scenario";
import { normalizeTopology } from "../scripts/sim/topology";
const s = parseScenario(JSON.parse(fs.readFileSync("docs/examples/three-markets-fund.json", "utf8")));
console.log(JSON.stringify(normalizeTopology(s), null, 1).slice(0, 30000));
