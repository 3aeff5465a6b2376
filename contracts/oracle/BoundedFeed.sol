// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {SignedMath} from "@openzeppelin/contracts/utils/math/SignedMath.sol";
import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {FeedMetadata} from "./FeedMetadata.sol";
import {IBoundedFeed} from "../interfaces/IBoundedFeed.sol";

/// @title BoundedFeed
/// @notice Chainlink-compatible wrapper that reports the newest good answer it recorded (with its own `updatedAt`):
/// a source answer at or below a floor, or far from a reference feed, is never recorded.
/// @dev Semantics are documented on `IBoundedFeed`.
contract BoundedFeed is IBoundedFeed, FeedMetadata, AccessControl {
    uint256 public constant BPS = 10_000;

    struct Round {
        uint80 roundId;
        int256 answer;
        uint256 startedAt;
        uint256 updatedAt;
    }

    AggregatorV3Interface public immutable source;
    Bounds private _bounds;
    Round private _lastGood;

    /// @param source_ The feed being guarded.
    /// @param admin Holder of DEFAULT_ADMIN_ROLE (`setBounds`).
    /// @param bounds_ Initial bounds (see `Bounds`).
    /// @param description_ Human-readable pair.
    constructor(AggregatorV3Interface source_, address admin, Bounds memory bounds_, string memory description_)
        FeedMetadata(_decimalsOf(source_), description_)
    {
        if (admin == address(0)) revert ZeroAddress();
        source = source_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _setBounds(bounds_);
    }

    /// @dev The source's decimals, read in the base constructor's arguments: a zero source is refused first.
    function _decimalsOf(AggregatorV3Interface source_) private view returns (uint8) {
        if (address(source_) == address(0)) revert ZeroAddress();
        return source_.decimals();
    }

    /* ACTIONS */

    /// @inheritdoc IBoundedFeed
    function record() external returns (bool accepted) {
        (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt,) = source.latestRoundData();
        (Refusal reason, int256 referenceAnswer) = _refusal(answer);
        if (reason != Refusal.None) {
            emit AnswerRefused(roundId, answer, updatedAt, reason, referenceAnswer);
            return false;
        }
        // Forward only: a source round no newer (by time or id) than the one recorded is not recorded again.
        Round memory good = _lastGood;
        if (updatedAt <= good.updatedAt || roundId <= good.roundId) return false;
        _lastGood = Round({roundId: roundId, answer: answer, startedAt: startedAt, updatedAt: updatedAt});
        emit GoodAnswerRecorded(roundId, answer, updatedAt);
        return true;
    }

    /// @inheritdoc IBoundedFeed
    function setBounds(Bounds calldata bounds_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setBounds(bounds_);
    }

    /* AGGREGATOR V3 */

    /// @inheritdoc AggregatorV3Interface
    /// @dev The newest recorded good round: rounds only ever move forward, and one id carries one answer.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory good = _lastGood;
        if (good.roundId == 0) {
            (uint80 sourceRound, int256 sourceAnswer,,,) = source.latestRoundData();
            (Refusal reason,) = _refusal(sourceAnswer);
            revert NoGoodAnswer(sourceRound, sourceAnswer, reason);
        }
        return (good.roundId, good.answer, good.startedAt, good.updatedAt, good.roundId);
    }

    /// @inheritdoc AggregatorV3Interface
    /// @dev Only the latest round (the newest recorded good one) is kept; any other id reverts with `HistoryNotKept`.
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        Round memory good = _lastGood;
        if (roundId == 0 || roundId != good.roundId) revert HistoryNotKept(roundId);
        return (good.roundId, good.answer, good.startedAt, good.updatedAt, good.roundId);
    }

    /* VIEWS */

    /// @inheritdoc IBoundedFeed
    function bounds() external view returns (Bounds memory) {
        return _bounds;
    }

    /// @inheritdoc IBoundedFeed
    function check() external view returns (uint80 roundId, int256 answer, uint256 updatedAt, Refusal reason) {
        (roundId, answer,, updatedAt,) = source.latestRoundData();
        (reason,) = _refusal(answer);
    }

    /// @inheritdoc IBoundedFeed
    function lastGoodRound()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt)
    {
        Round memory good = _lastGood;
        return (good.roundId, good.answer, good.startedAt, good.updatedAt);
    }

    /* INTERNAL */

    /// @dev The deviation is compared exactly (|answer - reference| x BPS > reference x maxDeviationBps), without
    /// rounding. A non-positive reference refuses every answer (fail closed).
    function _refusal(int256 answer) internal view returns (Refusal reason, int256 referenceAnswer) {
        Bounds memory b = _bounds;
        if (answer <= b.floorAnswer) return (Refusal.AtOrBelowFloor, 0);
        if (b.maxDeviationBps == 0) return (Refusal.None, 0);
        (, referenceAnswer,,,) = b.referenceFeed.latestRoundData();
        if (referenceAnswer <= 0) return (Refusal.FarFromReference, referenceAnswer);
        uint256 gap = SignedMath.abs(answer - referenceAnswer);
        if (gap * BPS > uint256(referenceAnswer) * b.maxDeviationBps) return (Refusal.FarFromReference, referenceAnswer);
        return (Refusal.None, referenceAnswer);
    }

    function _setBounds(Bounds memory b) internal {
        bool hasReference = address(b.referenceFeed) != address(0);
        if (b.floorAnswer < 0 || b.maxDeviationBps > BPS || hasReference != (b.maxDeviationBps != 0)) {
            revert InvalidBounds(b.floorAnswer, address(b.referenceFeed), b.maxDeviationBps);
        }
        if (hasReference) {
            uint8 referenceDecimals = b.referenceFeed.decimals();
            if (referenceDecimals != _decimals) revert DecimalsMismatch(_decimals, referenceDecimals);
        }
        _bounds = b;
        emit BoundsUpdated(b.floorAnswer, address(b.referenceFeed), b.maxDeviationBps);
    }
}
