// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

/// @notice Benchmark reference only: the paper's style, one transaction per record that stores
/// every attribute and a free-text comment in contract state, with a simple range check.
contract PaperStyleRecords {
    struct Record {
        bytes16 tid;
        uint16 templateId;
        address clinician;
        bytes32 patient;
        int32[9] attributes;
        string comment;
        uint64 time;
    }

    mapping(bytes16 => Record) public records;

    error AlreadyStored(bytes16 tid);
    error OutOfRange(uint256 index);

    event RecordStored(bytes16 indexed tid, address indexed clinician);

    function storeRecord(
        bytes16 tid,
        uint16 templateId,
        bytes32 patient,
        int32[9] calldata attributes,
        string calldata comment
    ) external {
        if (records[tid].time != 0) revert AlreadyStored(tid);
        for (uint256 i; i < 6; ++i) {
            if (attributes[i] < 0 || attributes[i] > 1000) revert OutOfRange(i);
        }
        records[tid] = Record(tid, templateId, msg.sender, patient, attributes, comment, uint64(block.timestamp));
        emit RecordStored(tid, msg.sender);
    }
}
