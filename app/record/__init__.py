"""A record anyone can verify: hashes of versions, the hash chain of the record, ballot receipts."""
