import { expect } from "chai";
import {
  EXIT_INTERNAL_ERROR,
  EXIT_USER_ERROR,
  UserError,
  intFlag,
  numberFlag,
  userErrors,
} from "../../scripts/tasks/cli-errors";
import { ScenarioError } from "../../scripts/sim/scenario";

/** Runs `fn` under `userErrors`, capturing what it writes to stderr and the code it exits with. */
async function capture(fn: () => Promise<unknown>, verbose = false) {
  const write = process.stderr.write.bind(process.stderr);
  const exit = process.exit.bind(process);
  let stderr = "";
  let code: number | undefined;
  process.stderr.write = ((chunk: string) => {
    stderr += chunk;
    return true;
  }) as typeof process.stderr.write;
  process.exit = ((c?: number) => {
    code = c;
    throw new Error("exited");
  }) as typeof process.exit;
  try {
    await userErrors("task", fn, verbose);
  } catch (e) {
    if ((e as Error).message !== "exited") throw e;
  } finally {
    process.stderr.write = write;
    process.exit = exit;
  }
  return { stderr, code };
}

describe("cli-errors: how a task fails", () => {
  it("a user error is one line per problem, exit code 1, no stack", async () => {
    const r = await capture(async () => {
      throw new ScenarioError(`${process.cwd()}/scenarios/x.json`, ["a: must be >= 1 (got 0)", "b: unknown field"]);
    });
    expect(r.code).to.equal(EXIT_USER_ERROR);
    expect(r.stderr).to.equal(
      "task: scenarios/x.json: a: must be >= 1 (got 0)\ntask: scenarios/x.json: b: unknown field\n",
    );
  });

  it("a problem an override caused does not blame the file", async () => {
    const r = await capture(async () => {
      throw new ScenarioError("/s.json", ["blocks: must be >= 1 (got -1) (from --blocks -1)"]);
    });
    expect(r.stderr).to.equal("task: blocks: must be >= 1 (got -1) (from --blocks -1)\n");
  });

  it("anything else is an internal error: one line, exit code 2; --verbose adds the stack", async () => {
    const bug = async () => {
      throw new TypeError("x is undefined\nsecond line");
    };
    const quiet = await capture(bug);
    expect(quiet.code).to.equal(EXIT_INTERNAL_ERROR);
    expect(quiet.stderr).to.equal(
      "task: internal error: x is undefined (run again with --verbose for the stack trace)\n",
    );
    const verbose = await capture(bug, true);
    expect(verbose.stderr).to.match(/^task: internal error: x is undefined\nTypeError: x is undefined/);
    expect(verbose.stderr).to.match(/^\s+at /m);
  });

  it("passes a result through untouched", async () => {
    expect(await userErrors("task", async () => 42)).to.equal(42);
  });

  it("parses number flags given as text, refusing what is not a number", () => {
    expect(intFlag("--blocks", "-1")).to.equal(-1); // the range is the schema's to check
    expect(intFlag("--blocks", undefined)).to.equal(undefined);
    expect(() => intFlag("--blocks", "1.5")).to.throw(UserError, '--blocks: "1.5" is not a whole number');
    expect(numberFlag("--raise", "12.5")).to.equal(12.5);
    expect(() => numberFlag("--raise", "lots")).to.throw(UserError, '--raise: "lots" is not a number');
    expect(() => numberFlag("--raise", "")).to.throw(UserError);
  });
});
