// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

/// @title ILaggedPriceFeed
/// @notice A Chainlink-compatible feed whose submitted answers become readable only after a latency, measured in
/// seconds and/or in blocks. It models the delay between a market move and the oracle reporting it.
/// @dev Rounds are numbered from 1 in submission order. A round is *visible* in a block when
/// `block.timestamp >= visibleAtTimestamp` and `block.number >= visibleAtBlock`, where, for round `r` submitted at
/// time `t` in block `b` under latency (`s` seconds, `n` blocks):
///   visibleAtTimestamp(r) = max(t + s, visibleAtTimestamp(r - 1))
///   visibleAtBlock(r)     = max(b + n, visibleAtBlock(r - 1))
/// The `max` keeps the queue first-in-first-out when the latency is lowered while rounds are in flight: a later
/// round never becomes visible before an earlier one. Visibility is computed in views from these stored values, so
/// no transaction is needed for an answer to appear; for the same reason no `AnswerUpdated` event is emitted when a
/// round becomes visible (nothing executes at that moment). Keepers and oracle back-runners watch `AnswerSubmitted`
/// and `nextVisibleAt()` instead.
///
/// Round data, as returned by `latestRoundData` and `getRoundData`:
/// - `startedAt` = `observedAt`, the time the updater says the price was observed (<= submission time).
/// - `updatedAt` = `visibleAtTimestamp` as defined above (submission time + `latencySeconds`, pushed forward to the
///   previous round's value if needed). With zero second-latency this is the submission time. When block latency
///   binds, the first block in which the answer is readable can be later than `updatedAt` (its timestamp is not
///   known in advance and cannot be read back in a view); `updatedAt` is therefore never later than the moment the
///   answer became readable, so a consumer's staleness check (`block.timestamp - updatedAt`) errs towards stale.
/// - `answeredInRound` = `roundId`.
interface ILaggedPriceFeed is AggregatorV3Interface {
    /* EVENTS */

    /// @notice An answer was queued as round `roundId`; it becomes visible at the block whose timestamp is at least
    /// `visibleAtTimestamp` and whose number is at least `visibleAtBlock`.
    event AnswerSubmitted(
        uint80 indexed roundId,
        int256 answer,
        uint256 observedAt,
        uint256 visibleAtTimestamp,
        uint256 visibleAtBlock
    );

    /// @notice The latency applied to rounds submitted from now on changed (rounds in flight keep theirs).
    event LatencyUpdated(uint256 latencySeconds, uint256 latencyBlocks);

    /* ERRORS */

    /// @notice No round is visible yet (Chainlink reverts with "No data present" in the same situation).
    error NoDataPresent();

    /// @notice `roundId` is 0 or greater than the newest submitted round.
    error UnknownRound(uint80 roundId, uint80 latestSubmittedRoundId);

    /// @notice Round `roundId` was submitted but is still in flight.
    error RoundNotVisible(uint80 roundId, uint256 visibleAtTimestamp, uint256 visibleAtBlock);

    /// @notice Answers must lie in `1..MAX_ANSWER()`: prices are positive, and the bound lets a round fit one slot.
    error InvalidAnswer(int256 answer);

    /// @notice An observation cannot come from a later time than the block that submits it.
    error ObservationInFuture(uint256 observedAt, uint256 blockTimestamp);

    /// @notice Observations must not go back in time relative to the previous round.
    error ObservationOutOfOrder(uint256 observedAt, uint256 previousObservedAt);

    /// @notice A latency exceeds its bound (`MAX_LATENCY_SECONDS()` or `MAX_LATENCY_BLOCKS()`).
    error LatencyOutOfBounds(uint256 value, uint256 max);

    /// @notice The admin or the updater given to the constructor is the zero address.
    error ZeroAddress();

    /* CONSTANTS AND PARAMETERS */

    /// @notice Role allowed to `submit`; its admin role is `DEFAULT_ADMIN_ROLE`, which also sets the latency.
    function UPDATER_ROLE() external view returns (bytes32);

    /// @notice Largest `latencySeconds` accepted (one day).
    function MAX_LATENCY_SECONDS() external view returns (uint256);

    /// @notice Largest `latencyBlocks` accepted (7200 blocks, one day of 12-second blocks).
    function MAX_LATENCY_BLOCKS() external view returns (uint256);

    /// @notice Largest answer accepted (`type(int136).max`, far above any price at 18 decimals).
    function MAX_ANSWER() external view returns (int256);

    /// @notice Seconds that must pass after submission before an answer is visible.
    function latencySeconds() external view returns (uint256);

    /// @notice Blocks that must be mined after the submission block before an answer is visible.
    function latencyBlocks() external view returns (uint256);

    /* UPDATER AND ADMIN */

    /// @notice Queues `answer`, observed at `observedAt`, as the next round. Only `UPDATER_ROLE`.
    /// @param answer The price, in `decimals()` decimals; must be in `1..MAX_ANSWER()`.
    /// @param observedAt When the price was observed; `previous observedAt <= observedAt <= block.timestamp`.
    /// @return roundId The new round's id.
    function submit(int256 answer, uint256 observedAt) external returns (uint80 roundId);

    /// @notice Sets the latency for rounds submitted from now on. Only `DEFAULT_ADMIN_ROLE`.
    /// @dev Rounds already in flight keep their visibility times; a lower latency cannot make a new round overtake
    /// them (see the contract notes).
    function setLatency(uint256 newLatencySeconds, uint256 newLatencyBlocks) external;

    /* VIEWS FOR KEEPERS AND RESEARCH */

    /// @notice Newest submitted round id, visible or not (0 before the first submission).
    function latestSubmittedRoundId() external view returns (uint80);

    /// @notice Newest round id visible now (0 if none).
    function latestVisibleRoundId() external view returns (uint80);

    /// @notice The newest submission, before latency: what the feed will report once it catches up. Reverts with
    /// `NoDataPresent` before the first submission.
    function latestSubmittedAnswer()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 observedAt, uint256 visibleAtTimestamp, uint256 visibleAtBlock);

    /// @notice Any submitted round, visible or not. Reverts with `UnknownRound` for ids never submitted.
    function submission(
        uint80 roundId
    ) external view returns (int256 answer, uint256 observedAt, uint256 visibleAtTimestamp, uint256 visibleAtBlock);

    /// @notice The rounds in flight: ids `firstRoundId .. firstRoundId + count - 1`. With none in flight, `count` is
    /// 0 and `firstRoundId` is the id the next submission will get.
    function pendingRounds() external view returns (uint80 firstRoundId, uint256 count);

    /// @notice The oldest round in flight, the next to become visible, and when. All zero when none is in flight.
    function nextVisibleAt()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 visibleAtTimestamp, uint256 visibleAtBlock);
}
