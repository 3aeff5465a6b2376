import { expect } from "chai";
import { blockProgress, etaSeconds, formatDuration, progressText } from "../../scripts/report/progress";

describe("progress with time left", () => {
  it("formats durations in seconds, then minutes and seconds", () => {
    expect(formatDuration(0.4)).to.equal("0 s");
    expect(formatDuration(59.4)).to.equal("59 s");
    expect(formatDuration(125)).to.equal("2 min 05 s");
  });

  it("estimates the time left from the pace so far", () => {
    expect(etaSeconds(10, 100, 10, 5)).to.equal(45); // 0.5 s a block, 90 to go
    expect(etaSeconds(1, 100, 0, 0)).to.equal(null);
  });

  it("draws a bar on a terminal, a plain line otherwise", () => {
    expect(progressText("block", 15, 60, 90)).to.equal(
      `block 15/60 ${"█".repeat(8)}${"░".repeat(22)}  25%, about 1 min 30 s left`,
    );
    expect(progressText("block", 60, 60, 0, false)).to.equal("block 60/60 100%, done");
  });

  it("without a terminal, prints a line every tenth of the way, timed from the first block reported", () => {
    const written: string[] = [];
    let clock = 1_000_000; // setup time before the first block: not counted
    const onBlock = blockProgress("block", { write: (t: string) => written.push(t), isTTY: false }, () => clock);
    for (let done = 1; done <= 20; done++) {
      onBlock(done, 20);
      clock += 2_000; // 2 s a block
    }
    expect(written).to.have.length(11); // blocks 1, 2, 4, …, 20
    expect(written[0]).to.equal("block 1/20   5%, timing…\n");
    expect(written[1]).to.equal("block 2/20  10%, about 36 s left\n"); // 1 block in 2 s, 18 to go
    expect(written.at(-1)).to.equal("block 20/20 100%, done\n");
  });

  it("on a terminal, redraws in place and ends the line at the last block", () => {
    const written: string[] = [];
    const onBlock = blockProgress("run 1/2, block", { write: (t: string) => written.push(t), isTTY: true }, () => 0);
    onBlock(1, 2);
    onBlock(2, 2);
    expect(written[0].startsWith("\rrun 1/2, block 1/2 ")).to.equal(true);
    expect(written.slice(-1)).to.deep.equal(["\n"]);
  });
});
