// Writer process for the ledger crash tests.
