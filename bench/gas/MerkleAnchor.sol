// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

/// @notice Benchmark reference only: pure Merkle anchoring, a root a batch and no checks.
contract MerkleAnchor {
    mapping(uint256 => bytes32) public roots;
    uint256 public batchCount;

    event Anchored(uint256 indexed batchId, bytes32 root, uint256 count);

    function anchor(bytes32 root, uint256 count) external returns (uint256 batchId) {
        batchId = batchCount++;
        roots[batchId] = root;
        emit Anchored(batchId, root, count);
    }
}
