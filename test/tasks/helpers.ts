/** Runs `npx hardhat <args>` in a child process as CI does: CI=true and no display (Hardhat 2 then prints stacks). */
import { spawn } from "node:child_process";
import * as path from "node:path";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time, in seconds. */
  seconds: number;
  /** Whether the run was killed at the time limit. */
  timedOut: boolean;
}

const ROOT = path.join(__dirname, "..", "..");
const HARDHAT = require.resolve("hardhat/internal/cli/bootstrap.js");

/** The child's environment: this one, with CI set and every display variable removed. */
function ciEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, CI: "true", FORCE_COLOR: "0", NO_COLOR: "1" };
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return env;
}

export function hardhat(args: readonly string[], timeLimitSeconds = 300): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [HARDHAT, ...args], { cwd: ROOT, env: ciEnv() });
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, timeLimitSeconds * 1000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, seconds: (Date.now() - started) / 1000, timedOut });
    });
  });
}

/** The non-empty lines of a text. */
export const lines = (text: string) => text.split("\n").filter((l) => l.trim() !== "");

/** A stack frame line (`    at foo (file.ts:1:2)`). */
export const STACK_FRAME = /^\s+at .+/m;
