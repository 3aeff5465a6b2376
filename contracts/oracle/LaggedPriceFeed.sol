// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";
import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {FeedMetadata} from "./FeedMetadata.sol";
import {ILaggedPriceFeed} from "../interfaces/ILaggedPriceFeed.sol";

/// @title LaggedPriceFeed
/// @notice Chainlink-compatible feed whose answers become visible a configurable latency after submission.
/// @dev Semantics (visibility, `startedAt`, `updatedAt`) are documented on `ILaggedPriceFeed`.
contract LaggedPriceFeed is ILaggedPriceFeed, FeedMetadata, AccessControl {
    /// @dev One round in one storage slot (136 + 3 * 40 bits) so that `submit` writes a single new slot. 40-bit
    /// timestamps and block numbers last for tens of thousands of years.
    struct Round {
        int136 answer;
        uint40 observedAt;
        uint40 visibleAtTimestamp;
        uint40 visibleAtBlock;
    }

    /* CONSTANTS */

    bytes32 public constant UPDATER_ROLE = keccak256("UPDATER_ROLE");
    uint256 public constant MAX_LATENCY_SECONDS = 1 days;
    uint256 public constant MAX_LATENCY_BLOCKS = 7200;
    int256 public constant MAX_ANSWER = type(int136).max;

    /* STORAGE */

    /// @dev Packed with the latency into one slot, which `submit` reads and writes anyway.
    uint80 private _latestRoundId;
    uint32 private _latencySeconds;
    uint32 private _latencyBlocks;

    mapping(uint256 roundId => Round) private _rounds;

    /* CONSTRUCTOR */

    /// @param decimals_ Decimals of the answers.
    /// @param description_ Human-readable pair, e.g. "ETH / USD".
    /// @param admin Holder of `DEFAULT_ADMIN_ROLE` (sets latency, grants `UPDATER_ROLE`).
    /// @param updater First holder of `UPDATER_ROLE`.
    /// @param latencySeconds_ Initial latency in seconds (<= `MAX_LATENCY_SECONDS`).
    /// @param latencyBlocks_ Initial latency in blocks (<= `MAX_LATENCY_BLOCKS`).
    constructor(
        uint8 decimals_,
        string memory description_,
        address admin,
        address updater,
        uint256 latencySeconds_,
        uint256 latencyBlocks_
    ) FeedMetadata(decimals_, description_) {
        if (admin == address(0) || updater == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(UPDATER_ROLE, updater);
        _setLatency(latencySeconds_, latencyBlocks_);
    }

    /* UPDATER AND ADMIN */

    /// @inheritdoc ILaggedPriceFeed
    function submit(int256 answer, uint256 observedAt) external onlyRole(UPDATER_ROLE) returns (uint80 roundId) {
        if (answer <= 0 || answer > MAX_ANSWER) revert InvalidAnswer(answer);
        if (observedAt > block.timestamp) revert ObservationInFuture(observedAt, block.timestamp);

        uint256 previousId = _latestRoundId;
        // Zero for the first round, so the FIFO `max` and the order check below are no-ops then.
        Round memory previous = _rounds[previousId];
        if (observedAt < previous.observedAt) revert ObservationOutOfOrder(observedAt, previous.observedAt);

        uint256 visibleAtTimestamp = block.timestamp + _latencySeconds;
        uint256 visibleAtBlock = block.number + _latencyBlocks;
        // Never let a round overtake one submitted before it (possible after the latency was lowered).
        if (visibleAtTimestamp < previous.visibleAtTimestamp) visibleAtTimestamp = previous.visibleAtTimestamp;
        if (visibleAtBlock < previous.visibleAtBlock) visibleAtBlock = previous.visibleAtBlock;

        roundId = SafeCast.toUint80(previousId + 1);
        _latestRoundId = roundId;
        _rounds[roundId] = Round({
            answer: int136(answer), // in range: checked against MAX_ANSWER above
            observedAt: uint40(observedAt), // <= block.timestamp, which fits 40 bits
            visibleAtTimestamp: SafeCast.toUint40(visibleAtTimestamp),
            visibleAtBlock: SafeCast.toUint40(visibleAtBlock)
        });
        emit AnswerSubmitted(roundId, answer, observedAt, visibleAtTimestamp, visibleAtBlock);
    }

    /// @inheritdoc ILaggedPriceFeed
    function setLatency(uint256 newLatencySeconds, uint256 newLatencyBlocks) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setLatency(newLatencySeconds, newLatencyBlocks);
    }

    /* AGGREGATOR V3 */

    /// @inheritdoc AggregatorV3Interface
    /// @dev Reverts with `UnknownRound` or `RoundNotVisible` where Chainlink reverts with "No data present".
    function getRoundData(
        uint80 roundId_
    )
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory round = _submittedRound(roundId_);
        if (!_isVisible(round)) revert RoundNotVisible(roundId_, round.visibleAtTimestamp, round.visibleAtBlock);
        return (roundId_, round.answer, round.observedAt, round.visibleAtTimestamp, roundId_);
    }

    /// @inheritdoc AggregatorV3Interface
    /// @dev Reverts with `NoDataPresent` until the first round is visible.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        roundId = _latestVisibleRoundId();
        if (roundId == 0) revert NoDataPresent();
        Round memory round = _rounds[roundId];
        return (roundId, round.answer, round.observedAt, round.visibleAtTimestamp, roundId);
    }

    /* VIEWS FOR KEEPERS AND RESEARCH */

    /// @inheritdoc ILaggedPriceFeed
    function latencySeconds() external view returns (uint256) {
        return _latencySeconds;
    }

    /// @inheritdoc ILaggedPriceFeed
    function latencyBlocks() external view returns (uint256) {
        return _latencyBlocks;
    }

    /// @inheritdoc ILaggedPriceFeed
    function latestSubmittedRoundId() external view returns (uint80) {
        return _latestRoundId;
    }

    /// @inheritdoc ILaggedPriceFeed
    function latestVisibleRoundId() external view returns (uint80) {
        return _latestVisibleRoundId();
    }

    /// @inheritdoc ILaggedPriceFeed
    function latestSubmittedAnswer()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 observedAt, uint256 visibleAtTimestamp, uint256 visibleAtBlock)
    {
        roundId = _latestRoundId;
        if (roundId == 0) revert NoDataPresent();
        Round memory round = _rounds[roundId];
        return (roundId, round.answer, round.observedAt, round.visibleAtTimestamp, round.visibleAtBlock);
    }

    /// @inheritdoc ILaggedPriceFeed
    function submission(
        uint80 roundId
    ) external view returns (int256 answer, uint256 observedAt, uint256 visibleAtTimestamp, uint256 visibleAtBlock) {
        Round memory round = _submittedRound(roundId);
        return (round.answer, round.observedAt, round.visibleAtTimestamp, round.visibleAtBlock);
    }

    /// @inheritdoc ILaggedPriceFeed
    function pendingRounds() external view returns (uint80 firstRoundId, uint256 count) {
        uint80 visible = _latestVisibleRoundId();
        return (visible + 1, _latestRoundId - visible);
    }

    /// @inheritdoc ILaggedPriceFeed
    function nextVisibleAt()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 visibleAtTimestamp, uint256 visibleAtBlock)
    {
        uint80 visible = _latestVisibleRoundId();
        if (visible == _latestRoundId) return (0, 0, 0, 0);
        roundId = visible + 1;
        Round memory round = _rounds[roundId];
        return (roundId, round.answer, round.visibleAtTimestamp, round.visibleAtBlock);
    }

    /* INTERNAL */

    function _setLatency(uint256 newLatencySeconds, uint256 newLatencyBlocks) internal {
        if (newLatencySeconds > MAX_LATENCY_SECONDS) revert LatencyOutOfBounds(newLatencySeconds, MAX_LATENCY_SECONDS);
        if (newLatencyBlocks > MAX_LATENCY_BLOCKS) revert LatencyOutOfBounds(newLatencyBlocks, MAX_LATENCY_BLOCKS);
        _latencySeconds = uint32(newLatencySeconds); // bounded above
        _latencyBlocks = uint32(newLatencyBlocks);
        emit LatencyUpdated(newLatencySeconds, newLatencyBlocks);
    }

    function _submittedRound(uint80 roundId) internal view returns (Round memory) {
        uint80 latest = _latestRoundId;
        if (roundId == 0 || roundId > latest) revert UnknownRound(roundId, latest);
        return _rounds[roundId];
    }

    function _isVisible(Round memory round) internal view returns (bool) {
        return block.timestamp >= round.visibleAtTimestamp && block.number >= round.visibleAtBlock;
    }

    /// @dev Visibility times never decrease with the round id (see `submit`), so the visible rounds are a prefix
    /// `1..k`. Find `k` by galloping down from the newest round, then bisecting: O(log of rounds in flight) reads,
    /// a single read in the common case where the newest round is visible.
    function _latestVisibleRoundId() internal view returns (uint80) {
        uint256 notVisible = _latestRoundId;
        if (notVisible == 0 || _isVisible(_rounds[notVisible])) return uint80(notVisible);
        uint256 visible; // 0 stands for "before round 1", which counts as visible
        uint256 step = 1;
        while (step < notVisible) {
            uint256 probe = notVisible - step;
            if (_isVisible(_rounds[probe])) {
                visible = probe;
                break;
            }
            notVisible = probe;
            step <<= 1;
        }
        // Invariant: `visible` is visible (or 0), `notVisible` is not, and the boundary lies between them.
        while (notVisible - visible > 1) {
            uint256 middle = visible + (notVisible - visible) / 2;
            if (_isVisible(_rounds[middle])) visible = middle;
            else notVisible = middle;
        }
        return uint80(visible);
    }
}
