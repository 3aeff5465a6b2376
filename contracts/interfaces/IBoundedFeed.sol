// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

/// @title IBoundedFeed
/// @notice A Chainlink-compatible wrapper over one source feed that refuses implausible answers: an answer at or
/// below a floor (an aggregator clamped at its `minAnswer`, as Chainlink's LUNA/USD feed reported 0.10 USD in May
/// 2022 while LUNA traded far below), or one further than `maxDeviationBps` from a reference feed (e.g. an AMM TWAP).
/// @dev `latestRoundData` returns the newest good round recorded by `record()`, unchanged (the source's round id,
/// answer and timestamps). `record()` stores the source's latest round only when it is within bounds and newer (by
/// `updatedAt` and by id) than the one stored, so the rounds served only move forward and one id carries one answer.
/// While the source is out of bounds nothing new is recorded, and the served round ages: the consumer's own
/// staleness check (e.g. `LendingPool`'s `maxPriceAge`) then refuses actions once it is too old. A clamped feed keeps
/// updating, so a staleness check alone never catches it; this wrapper turns "fresh but wrong" into "stale".
///
/// Anyone may call `record()`; a keeper calls it after each source round (a consumer may call it before acting).
/// What is served is never fresher than the last `record()`, so a missed `record()` makes the consumer refuse
/// sooner, never later. Before the first good round is recorded `latestRoundData` reverts with `NoGoodAnswer`.
/// A reverting reference makes `record()` revert (fail closed). `getRoundData(latestRoundId)` equals
/// `latestRoundData()`; other ids revert with `HistoryNotKept` (no history is kept).
interface IBoundedFeed is AggregatorV3Interface {
    /* TYPES */

    /// @param floorAnswer Answers `<=` this (source decimals) are refused; 0 refuses only non-positive answers.
    /// @param referenceFeed Second source compared with the answer (zero address: no comparison).
    /// @param maxDeviationBps Largest allowed |answer - reference| / reference, bps (0: no comparison).
    struct Bounds {
        int256 floorAnswer;
        AggregatorV3Interface referenceFeed;
        uint256 maxDeviationBps;
    }

    /// @notice Why an answer is refused.
    enum Refusal {
        None,
        AtOrBelowFloor,
        FarFromReference
    }

    /* ERRORS */

    error ZeroAddress();

    /// @notice The bounds are inconsistent: a negative floor, a deviation above 100%, or a deviation without a
    /// reference (or a reference without a deviation).
    error InvalidBounds(int256 floorAnswer, address referenceFeed, uint256 maxDeviationBps);

    /// @notice The reference reports with other decimals than the source.
    error DecimalsMismatch(uint8 sourceDecimals, uint8 referenceDecimals);

    /// @notice No good round was recorded yet; the source's latest round and whether it is refused (`None`: within
    /// bounds, `record()` not called yet).
    error NoGoodAnswer(uint80 roundId, int256 answer, Refusal reason);

    /// @notice Past rounds are not kept.
    error HistoryNotKept(uint80 roundId);

    /* EVENTS */

    /// @notice `record()` stored a new good round.
    event GoodAnswerRecorded(uint80 indexed roundId, int256 answer, uint256 updatedAt);

    /// @notice `record()` saw an out-of-bounds answer (`referenceAnswer` is 0 without a reference).
    event AnswerRefused(uint80 indexed roundId, int256 answer, uint256 updatedAt, Refusal reason, int256 referenceAnswer);

    event BoundsUpdated(int256 floorAnswer, address referenceFeed, uint256 maxDeviationBps);

    /* ACTIONS */

    /// @notice Reads the source and stores its latest round as the last good one if it is within bounds and newer.
    /// @return accepted Whether a new good round was stored.
    function record() external returns (bool accepted);

    /// @notice Replaces the bounds (DEFAULT_ADMIN_ROLE).
    function setBounds(Bounds calldata bounds_) external;

    /* VIEWS */

    function source() external view returns (AggregatorV3Interface);

    function bounds() external view returns (Bounds memory);

    /// @notice The source's latest answer and whether it is refused (reason `None` = within bounds).
    function check() external view returns (uint80 roundId, int256 answer, uint256 updatedAt, Refusal reason);

    /// @notice The last good round recorded (all zero before the first).
    function lastGoodRound()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt);
}
