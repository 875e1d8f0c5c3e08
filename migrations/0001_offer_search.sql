-- Full-text index over every offer's searchable text (drizzle-kit cannot express FTS5 tables).
-- remove_diacritics 2 makes `creche` find `crèche`; the prefix indexes keep prefix queries (`vroedv*`) cheap.
-- Columns, in bm25 weight order: name, taxonomy labels and synonyms, organisation name, description.
CREATE VIRTUAL TABLE `offer_search` USING fts5(
  `offer_id` UNINDEXED,
  `name`,
  `labels`,
  `organisation`,
  `description`,
  tokenize = 'unicode61 remove_diacritics 2',
  prefix = '2 3 4'
);
