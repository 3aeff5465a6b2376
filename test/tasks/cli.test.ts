import { expect } from "chai";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXIT_USER_ERROR } from "../../scripts/tasks/cli-errors";
import { hardhat, lines, STACK_FRAME, type CliRun } from "./helpers";

/**
 * Each bad input as a user meets it: `npx hardhat <task> …` in a child process, on a machine Hardhat takes for CI.
 * Every user error is exactly one line on stderr, no stack trace, exit code 1, and nothing deployed or written.
 */
describe("the command line's errors (child processes, CI=true, no DISPLAY)", function () {
  this.timeout(600_000);
  let out: string;
  beforeEach(() => {
    out = fs.mkdtempSync(path.join(os.tmpdir(), "cli-"));
  });
  afterEach(() => fs.rmSync(out, { recursive: true, force: true }));

  /** Asserts a one-line user error and returns that line. */
  function oneLine(r: CliRun): string {
    expect(r.timedOut, "finished in time").to.equal(false);
    expect(r.stderr, "no stack trace").not.to.match(STACK_FRAME);
    expect(lines(r.stderr), r.stderr).to.have.length(1);
    expect(r.code, r.stderr).to.equal(EXIT_USER_ERROR);
    return lines(r.stderr)[0];
  }

  const TINY = "borrowers.count=8,path.atBlock=2";

  describe("cascade", () => {
    it("--blocks -1 gets the range, naming the flag (not Hardhat's HH301)", async () => {
      const line = oneLine(await hardhat(["cascade", "--blocks", "-1", "--out", out]));
      expect(line).to.equal("cascade: blocks: must be >= 1 (got -1) (from --blocks -1)");
    });

    it("--blocks abc is not a whole number", async () => {
      expect(oneLine(await hardhat(["cascade", "--blocks", "abc", "--out", out]))).to.equal(
        'cascade: --blocks: "abc" is not a whole number',
      );
    });

    it("--borrowers 0 is refused: no empty report", async () => {
      const line = oneLine(await hardhat(["cascade", "--borrowers", "0", "--out", out]));
      expect(line).to.match(/^cascade: borrowers\.count: must be >= 1 for a run .*\(got 0\) \(from --borrowers 0\)$/);
      expect(fs.readdirSync(out)).to.deep.equal([]);
    });

    it("oracle.latencySeconds=1e12 is refused before any deploy with LaggedPriceFeed's range", async () => {
      const line = oneLine(await hardhat(["cascade", "--set", "oracle.latencySeconds=1e12", "--out", out]));
      expect(line).to.equal(
        "cascade: oracle.latencySeconds: must be >= 0 and <= 86400 seconds (LaggedPriceFeed.MAX_LATENCY_SECONDS) " +
          "(got 1000000000000) (from --set oracle.latencySeconds=1e12)",
      );
    });

    it("amm.feeBps=10000 is refused with ConstantProductPool's range", async () => {
      const line = oneLine(await hardhat(["cascade", "--set", "amm.feeBps=10000", "--out", out]));
      expect(line).to.equal(
        "cascade: amm.feeBps: must be >= 0 and < 10000 bps (ConstantProductPool: fee < BPS) (got 10000) " +
          "(from --set amm.feeBps=10000)",
      );
    });

    it("a malformed JSON --set value says so and names the --set, not the scenario file", async () => {
      const line = oneLine(await hardhat(["cascade", "--set", "keepers=[{", "--out", out]));
      expect(line).to.match(/^cascade: --set keepers=\[\{: the value is malformed JSON \(.+\)$/);
      expect(line).not.to.match(/default\.json|must be an array/);
    });

    it("--out /proc/x is refused up front (Node's recursive mkdir would loop there)", async () => {
      const r = await hardhat(["cascade", "--out", "/proc/x"], 120);
      expect(oneLine(r)).to.equal("cascade: --out /proc/x: cannot create /proc/x: cannot be created there");
    });

    it("--out under a file is refused before the run", async () => {
      const file = path.join(out, "a-file");
      fs.writeFileSync(file, "");
      const line = oneLine(await hardhat(["cascade", "--out", path.join(file, "x")]));
      expect(line).to.equal(`cascade: --out ${path.join(file, "x")}: ${file} is not a directory`);
    });

    it("--verbose adds the stack trace to the same message", async () => {
      const r = await hardhat(["cascade", "--verbose", "--set", "amm.feeBps=10000", "--out", out]);
      expect(r.code).to.equal(EXIT_USER_ERROR);
      expect(r.stderr).to.include("cascade: amm.feeBps: must be >= 0 and < 10000 bps");
      expect(r.stderr).to.match(STACK_FRAME);
    });

    it("a write that fails at the end still prints the summary and says nothing was written", async () => {
      // A scenario name too long for a folder name: the simulation runs, then creating the run folder fails.
      const name = "x".repeat(300);
      const r = await hardhat(["cascade", "--blocks", "6", "--set", `${TINY},name=${name}`, "--out", out]);
      expect(r.code, r.stderr).to.equal(EXIT_USER_ERROR);
      expect(r.stdout).to.match(/^liquidations {2,}\d+/m);
      expect(r.stdout).to.match(/^report {2,}NOT WRITTEN \(see the error below\)$/m);
      const last = lines(r.stderr).at(-1)!;
      expect(last).to.match(
        new RegExp(
          `^cascade: could not write the run into ${out} \\(ENAMETOOLONG: .*\\); nothing was written there \\(scenario\\.json, summary\\.json, .*report\\.html\\)`,
        ),
      );
      expect(r.stderr).not.to.match(STACK_FRAME);
      expect(fs.readdirSync(out)).to.deep.equal([]);
    });
  });

  describe("gas-war", () => {
    it("--rounds 0 gets the range, naming the flag", async () => {
      const line = oneLine(await hardhat(["gas-war", "--rounds", "0", "--out", out]));
      expect(line).to.equal("gas-war: chain.biddingRounds: must be >= 1 (got 0) (from --rounds 0)");
    });

    it("--keepers with an unknown kind", async () => {
      const line = oneLine(await hardhat(["gas-war", "--keepers", "pga:2,rocket:1", "--out", out]));
      expect(line).to.match(/^gas-war: --keepers: "rocket:1" is not <kind>:<count> with kind one of pga, /);
    });

    it("shows progress with the time left, and one number format in its summary", async () => {
      const r = await hardhat([
        "gas-war",
        "--keepers",
        "pga:2",
        "--rounds",
        "2",
        "--blocks",
        "6",
        "--set",
        TINY,
        "--out",
        out,
      ]);
      expect(r.code, r.stderr).to.equal(0);
      const progress = lines(r.stderr).filter((l) => l.startsWith("block "));
      expect(progress.at(-1)).to.match(/^block 6\/6 100%, done$/);
      expect(progress.some((l) => /^block [1-5]\/6 +\d+%, (about \d+ (s|min \d\d s) left|timing…)$/.test(l))).to.equal(
        true,
      );
      expect(r.stdout).to.match(/^keeper gas in failed txs: [\d,]+ gas$/m);
      expect(r.stdout).to.match(
        /^dissipation \(priority fees ÷ gross profit\): (–|[\d.]+%) \([\d,]+\.\d\d USDC of -?[\d,]+\.\d\d USDC\)$/m,
      );
      expect(fs.readdirSync(out)).to.have.length(1);
    });
  });
});
