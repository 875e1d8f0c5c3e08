-- FTS5's secure-delete took a deleted row's terms out of every segment inside the write: 10 to 55 ms of each curation
-- write that rewrote an offer's search row, at 50,000 offers, while every search waited. Without it a deleted row's
-- terms stay in their segment, hidden, until a merge drops them; an erasure merges the whole index into one segment
-- before it answers, so no version of an erased text stays in the file (src/db/fts-merge.ts, src/curation/erasure.ts).
INSERT INTO `offer_search` (`offer_search`, `rank`) VALUES ('secure-delete', 0);
