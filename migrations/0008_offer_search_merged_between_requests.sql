-- FTS5 merges the full-text index's segments inside the write that fills a level (automerge), and a merge that takes
-- in a large segment rewrites it: at 50,000 offers 100 to 600 ms inside a curator's PATCH, every few writes, while
-- every search waits. The service merges instead between requests, a few pages at a time (src/db/fts-merge.ts).
-- A writer without it (another process) still merges at 64 segments of one level.
INSERT INTO `offer_search` (`offer_search`, `rank`) VALUES ('automerge', 0);
--> statement-breakpoint
INSERT INTO `offer_search` (`offer_search`, `rank`) VALUES ('crisismerge', 64);
--> statement-breakpoint
-- A merge takes sixteen segments of one level, not four: each text is rewritten about half as often.
INSERT INTO `offer_search` (`offer_search`, `rank`) VALUES ('usermerge', 16);
--> statement-breakpoint
-- What FTS5 had left unmerged is merged once, here (seconds at 50,000 offers): merged between requests instead, it took
-- a fifth of the server's thread for minutes after the first write.
INSERT INTO `offer_search` (`offer_search`) VALUES ('optimize');
