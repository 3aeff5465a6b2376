// SPDX-License-Identifier: MIT
pragma solidity ^0.8.0;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";

/// @title IMedianFeed
/// @notice A Chainlink-compatible feed reporting the median of several member feeds' fresh answers.
/// @dev A member counts as fresh when its `latestRoundData` call succeeds and returns well-formed data, its answer
/// is positive, its `updatedAt` is not in the future and is at most `maxAge()` seconds old, and its answer, rescaled
/// to `decimals()`, fits in an int256. Members that revert, return malformed data or fail any of these checks are
/// left out rather than failing the whole feed. Rescaling to fewer decimals rounds down. With an even number of
/// fresh members the answer is the mean of the two middle values, rounded down.
///
/// Round data: there are no rounds of our own. `roundId` = `answeredInRound` = `block.timestamp` (the answer is
/// computed when read, so every second is a new "round"); `startedAt` = `updatedAt` = the oldest `updatedAt` among
/// the fresh members, so the median is never reported as fresher than its stalest input. `getRoundData` answers the
/// current round (`block.timestamp`) exactly as `latestRoundData`; other ids revert with `HistoryNotKept` (no history
/// is kept). A member updated within a block changes the answer within that block under the same id.
interface IMedianFeed is AggregatorV3Interface {
    /* ERRORS */

    /// @notice The number of member feeds is outside `1..MAX_FEEDS()`.
    error FeedCountOutOfBounds(uint256 count, uint256 max);

    /// @notice The quorum is outside `1..feedCount`.
    error QuorumOutOfBounds(uint256 quorum, uint256 feedCount);

    /// @notice Member `index` is the zero address.
    error ZeroAddressFeed(uint256 index);

    /// @notice `feed` appears twice; it would count twice towards the median and the quorum.
    error DuplicateFeed(address feed);

    /// @notice `maxAge` must be positive.
    error MaxAgeOutOfBounds(uint256 maxAge);

    /// @notice A member's or this feed's decimals exceed `MAX_DECIMALS()`.
    error DecimalsOutOfBounds(uint256 decimals, uint256 max);

    /// @notice Only `fresh` members are fresh, fewer than `quorum`.
    error QuorumNotMet(uint256 fresh, uint256 quorum);

    /// @notice Past rounds are not kept; only `latestRoundData` answers.
    error HistoryNotKept(uint80 roundId);

    /* PARAMETERS */

    function MAX_FEEDS() external view returns (uint256);

    function MAX_DECIMALS() external view returns (uint8);

    /// @notice Minimum number of fresh members for an answer.
    function quorum() external view returns (uint256);

    /// @notice A member's answer is fresh while `block.timestamp - updatedAt <= maxAge()` (seconds).
    function maxAge() external view returns (uint256);

    /// @notice The member feeds, in constructor order.
    function feeds() external view returns (AggregatorV3Interface[] memory);

    /// @notice Each member's state now: whether it is fresh, and its answer rescaled to `decimals()` (0 if not fresh).
    function memberAnswers() external view returns (bool[] memory fresh, int256[] memory answers);
}
