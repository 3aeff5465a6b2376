/** Writes docs/contract-bounds.md: `npx ts-node scripts/tasks/gen-contract-bounds-doc.ts`. */
import * as path from "node:path";
import { renderContractBounds } from "../sim/scenario/contract-bounds-doc";
import { writeDoc } from "../report/doc-format";

export const CONTRACT_BOUNDS_DOC = path.join(__dirname, "..", "..", "docs", "contract-bounds.md");

if (require.main === module) {
  writeDoc(CONTRACT_BOUNDS_DOC, renderContractBounds());
  console.log(`wrote ${path.relative(process.cwd(), CONTRACT_BOUNDS_DOC)}`);
}
