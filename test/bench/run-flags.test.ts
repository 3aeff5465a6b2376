import { expect } from "chai";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

/** `npm run bench -- <args>` as the script itself (ts-node, no measurement starts: every case fails on its flags). */
function bench(args: string[]) {
  const r = spawnSync("npx", ["ts-node", "--transpile-only", "scripts/bench/run.ts", ...args, "--no-doc"], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: r.status, stderr: r.stderr.trim() };
}

describe("npm run bench flags: a bad one is one line, before any measurement", () => {
  let dir: string;
  before(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "bench-flags-"))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const oneLine = (r: { status: number | null; stderr: string }, line: string) => {
    expect(r.status).to.equal(1);
    expect(r.stderr.split("\n")).to.deep.equal([line]);
  };

  it("--only names the rows it can run alone", () => {
    oneLine(
      bench(["--only", "bogus"]),
      'bench: --only: must be "sim" or "system" or "replay" or "scan" or "sweep" or "chains" (got "bogus")',
    );
  });

  it("--only chains needs a real results file to put the row into", () => {
    const broken = path.join(dir, "broken.json");
    fs.writeFileSync(broken, "{");
    oneLine(
      bench(["--only", "chains", "--out", broken]),
      `bench: --only chains: ${broken} is not JSON (a results file of npm run bench)`,
    );
  });

  it("--only chains --borrowers takes a whole number in range, and leaves the results file as it was", () => {
    const out = path.join(dir, "results.json");
    fs.writeFileSync(out, JSON.stringify({ targets: [] }));
    oneLine(
      bench(["--only", "chains", "--out", out, "--borrowers", "2.5"]),
      'bench: --borrowers: must be a whole number from 1 to 10,000 (got "2.5")',
    );
    expect(JSON.parse(fs.readFileSync(out, "utf8"))).to.deep.equal({ targets: [] });
  });

  it("--only sim --sizes takes comma-separated whole numbers in range", () => {
    const out = path.join(dir, "results.json");
    fs.writeFileSync(out, JSON.stringify({ targets: [] }));
    oneLine(
      bench(["--only", "sim", "--out", out, "--sizes", "100,lots"]),
      'bench: --sizes: must be whole numbers from 1 to 10,000, comma-separated (got "100,lots")',
    );
    oneLine(
      bench(["--only", "replay", "--out", out, "--blocks", "0"]),
      'bench: --blocks: must be a whole number from 1 to 100,000 (got "0")',
    );
    expect(JSON.parse(fs.readFileSync(out, "utf8"))).to.deep.equal({ targets: [] });
  });
});
