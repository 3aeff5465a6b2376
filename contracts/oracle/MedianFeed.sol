// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";
import {AggregatorV3Interface} from "../interfaces/AggregatorV3Interface.sol";
import {FeedMetadata} from "./FeedMetadata.sol";
import {IMedianFeed} from "../interfaces/IMedianFeed.sol";

/// @title MedianFeed
/// @notice Chainlink-compatible median of several member feeds' fresh answers.
/// @dev Semantics are documented on `IMedianFeed`. Members' decimals are read once, at construction.
contract MedianFeed is IMedianFeed, FeedMetadata {
    /// @dev `latestRoundData` return data: five 32-byte words.
    uint256 private constant ROUND_DATA_SIZE = 160;

    uint256 public constant MAX_FEEDS = 15;
    uint8 public constant MAX_DECIMALS = 36;

    uint256 public immutable quorum;
    uint256 public immutable maxAge;
    AggregatorV3Interface[] private _feeds;
    uint8[] private _feedDecimals;

    /// @param feeds_ Member feeds (1..15, distinct, non-zero).
    /// @param quorum_ Minimum number of fresh members (1..feeds_.length).
    /// @param maxAge_ Seconds after its `updatedAt` during which a member's answer counts (> 0).
    /// @param decimals_ Decimals of the answer.
    /// @param description_ Human-readable pair.
    constructor(
        AggregatorV3Interface[] memory feeds_,
        uint256 quorum_,
        uint256 maxAge_,
        uint8 decimals_,
        string memory description_
    ) FeedMetadata(decimals_, description_) {
        uint256 count = feeds_.length;
        if (count == 0 || count > MAX_FEEDS) revert FeedCountOutOfBounds(count, MAX_FEEDS);
        if (quorum_ == 0 || quorum_ > count) revert QuorumOutOfBounds(quorum_, count);
        if (maxAge_ == 0) revert MaxAgeOutOfBounds(maxAge_);
        if (decimals_ > MAX_DECIMALS) revert DecimalsOutOfBounds(decimals_, MAX_DECIMALS);
        for (uint256 i = 0; i < count; ++i) {
            AggregatorV3Interface feed = feeds_[i];
            if (address(feed) == address(0)) revert ZeroAddressFeed(i);
            for (uint256 j = 0; j < i; ++j) {
                if (feeds_[j] == feed) revert DuplicateFeed(address(feed));
            }
            uint8 feedDecimals = feed.decimals();
            if (feedDecimals > MAX_DECIMALS) revert DecimalsOutOfBounds(feedDecimals, MAX_DECIMALS);
            _feeds.push(feed);
            _feedDecimals.push(feedDecimals);
        }
        quorum = quorum_;
        maxAge = maxAge_;
    }

    /* AGGREGATOR V3 */

    /// @inheritdoc AggregatorV3Interface
    /// @dev Only the current round (`roundId == block.timestamp`) answers, equal to `latestRoundData`; any other id
    /// reverts with `HistoryNotKept`.
    function getRoundData(uint80 roundId)
        external
        view
        returns (uint80, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        if (roundId != block.timestamp) revert HistoryNotKept(roundId);
        return _latest();
    }

    /// @inheritdoc AggregatorV3Interface
    /// @dev Reverts with `QuorumNotMet` when fewer than `quorum` members are fresh.
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        return _latest();
    }

    function _latest()
        private
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound)
    {
        uint256 count = _feeds.length;
        uint256[] memory values = new uint256[](count);
        uint256 fresh;
        uint256 oldestUpdatedAt = type(uint256).max;
        for (uint256 i = 0; i < count; ++i) {
            (bool ok, uint256 value, uint256 memberUpdatedAt) = _readMember(i);
            if (!ok) continue;
            values[fresh++] = value;
            if (memberUpdatedAt < oldestUpdatedAt) oldestUpdatedAt = memberUpdatedAt;
        }
        if (fresh < quorum) revert QuorumNotMet(fresh, quorum);

        _insertionSort(values, fresh);
        uint256 middle = fresh / 2;
        // Odd: the middle value. Even: mean of the two middle values, rounded down (Math.average cannot overflow).
        uint256 median = fresh % 2 == 1 ? values[middle] : Math.average(values[middle - 1], values[middle]);

        roundId = uint80(block.timestamp); // fits: 80 bits of seconds
        // Every value is <= type(int256).max (checked in `_readMember`), so their median is too.
        return (roundId, int256(median), oldestUpdatedAt, oldestUpdatedAt, roundId);
    }

    /* VIEWS */

    /// @inheritdoc IMedianFeed
    function feeds() external view returns (AggregatorV3Interface[] memory) {
        return _feeds;
    }

    /// @inheritdoc IMedianFeed
    function memberAnswers() external view returns (bool[] memory fresh, int256[] memory answers) {
        uint256 count = _feeds.length;
        fresh = new bool[](count);
        answers = new int256[](count);
        for (uint256 i = 0; i < count; ++i) {
            (bool ok, uint256 value, ) = _readMember(i);
            fresh[i] = ok;
            if (ok) answers[i] = int256(value);
        }
    }

    /* INTERNAL */

    /// @dev Reads member `index` and applies every freshness rule. A low-level call rather than try/catch: try/catch
    /// does not catch a revert while decoding malformed return data, and copying only the five expected words keeps
    /// a member from charging us for a huge return buffer.
    /// @return ok Whether the member is fresh.
    /// @return value Its answer rescaled to our decimals (positive, <= type(int256).max) when fresh.
    /// @return updatedAt Its `updatedAt` when fresh.
    function _readMember(uint256 index) private view returns (bool ok, uint256 value, uint256 updatedAt) {
        address feed = address(_feeds[index]);
        bytes4 selector = AggregatorV3Interface.latestRoundData.selector;
        int256 answer;
        assembly ("memory-safe") {
            let buffer := mload(0x40)
            mstore(buffer, selector)
            ok := staticcall(gas(), feed, buffer, 4, buffer, ROUND_DATA_SIZE)
            if lt(returndatasize(), ROUND_DATA_SIZE) {
                ok := 0
            }
            answer := mload(add(buffer, 0x20))
            updatedAt := mload(add(buffer, 0x60))
        }
        if (!ok || answer <= 0 || updatedAt > block.timestamp || block.timestamp - updatedAt > maxAge) {
            return (false, 0, 0);
        }
        uint8 feedDecimals = _feedDecimals[index];
        value = uint256(answer);
        if (feedDecimals > _decimals) {
            value /= 10 ** (feedDecimals - _decimals); // rounds down
        } else if (feedDecimals < _decimals) {
            uint256 factor = 10 ** (_decimals - feedDecimals);
            // An answer that cannot be represented at our decimals is treated as unusable, not as a revert.
            if (value > uint256(type(int256).max) / factor) return (false, 0, 0);
            value *= factor;
        }
        // Scaled down to zero: no usable price information left.
        if (value == 0) return (false, 0, 0);
        return (true, value, updatedAt);
    }

    /// @dev Sorts `values[0..length)` ascending in place; at most 15 elements, so insertion sort is cheapest.
    function _insertionSort(uint256[] memory values, uint256 length) private pure {
        for (uint256 i = 1; i < length; ++i) {
            uint256 key = values[i];
            uint256 j = i;
            while (j > 0 && values[j - 1] > key) {
                values[j] = values[j - 1];
                --j;
            }
            values[j] = key;
        }
    }
}
