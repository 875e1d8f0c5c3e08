-- Finds an offer's search row by its offer id: rewriting an offer's text (a PATCH of its name or description) looked
-- for the old row with a scan of FTS5's content table (`offer_search_content`: c0 is offer_id). An index there is an
-- ordinary SQLite index, kept by SQLite as FTS5 inserts and deletes rows.
CREATE INDEX `offer_search_content_offer_idx` ON `offer_search_content` (`c0`);
