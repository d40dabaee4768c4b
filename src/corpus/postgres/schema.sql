-- The corpus in PostgreSQL (issue #21): one migration, safe to run again (every statement is
-- IF NOT EXISTS). Every table is keyed by corpus_id first so that it can be distributed by corpus
-- (Citus) later. Rows hold the *results* of the in-memory indexes (people merged across
-- documents, dates resolved, quotes attributed), computed by the same code at ingest, so that both
-- stores answer alike. Document numbers (`doc`) are stable within a corpus: a replaced document
-- keeps its number. Keys that are matched by prefix are COLLATE "C" so a btree range is a prefix
-- scan whatever the database's collation.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- levenshtein_less_equal: typo look-ups of names verify trigram candidates by edit distance.
CREATE EXTENSION IF NOT EXISTS fuzzystrmatch;

CREATE TABLE IF NOT EXISTS corpus_meta (
  corpus_id TEXT PRIMARY KEY,
  schema_version INTEGER NOT NULL,
  -- The corpus directory it was loaded from (a different directory is loaded anew).
  source TEXT NOT NULL,
  loaded_at TIMESTAMPTZ NOT NULL,
  -- Per searchable field: document count and average length, for BM25 as MiniSearch computes it.
  fields JSONB NOT NULL,
  skipped JSONB NOT NULL,
  -- The last day of the newest publication date (days since 1970-01-01): where a timeline without a topic stops.
  latest_published INTEGER,
  -- How many events a timeline without a topic draws from (those starting by latest_published).
  timeline_total INTEGER NOT NULL,
  -- What /about says (counts, formats, date spans, the first skipped files), computed when the corpus changes.
  summary JSONB NOT NULL
);

CREATE TABLE IF NOT EXISTS documents (
  corpus_id TEXT NOT NULL,
  doc INTEGER NOT NULL,
  id TEXT NOT NULL,
  hash TEXT NOT NULL,
  title TEXT NOT NULL,
  published TEXT,
  format TEXT NOT NULL,
  meta JSONB NOT NULL,
  -- The facts as extracted (people, dates, quotes): a whole document for the digest and export,
  -- and what a recomputation of people entries reads.
  facts JSONB NOT NULL,
  removed_blocks INTEGER NOT NULL,
  title_tsv TSVECTOR NOT NULL,
  title_len INTEGER NOT NULL,
  PRIMARY KEY (corpus_id, doc)
);
CREATE UNIQUE INDEX IF NOT EXISTS documents_id ON documents (corpus_id, id);
CREATE INDEX IF NOT EXISTS documents_published ON documents (corpus_id, published);
-- /add, /remove and /restore name one document by its file, content (or the start of its hash), link or title.
CREATE INDEX IF NOT EXISTS documents_file ON documents (corpus_id, (meta->>'file'));
CREATE INDEX IF NOT EXISTS documents_hash ON documents (corpus_id, hash text_pattern_ops);
CREATE INDEX IF NOT EXISTS documents_url ON documents (corpus_id, (meta->>'url'));
CREATE INDEX IF NOT EXISTS documents_title ON documents (corpus_id, lower(title));
-- /remove's autocomplete: documents whose title or file holds the typed text.
CREATE INDEX IF NOT EXISTS documents_find ON documents USING GIN (lower(title || ' ' || (meta->>'file')) gin_trgm_ops);

-- Every paragraph (headings too: a citation counts them); passages are the non-headings, which
-- alone carry a tsvector.
CREATE TABLE IF NOT EXISTS paragraphs (
  corpus_id TEXT NOT NULL,
  doc INTEGER NOT NULL,
  n INTEGER NOT NULL,
  text TEXT NOT NULL,
  heading BOOLEAN NOT NULL,
  -- Sentence spans as start, end pairs.
  sentences INTEGER[] NOT NULL,
  page INTEGER,
  tsv TSVECTOR,
  len INTEGER NOT NULL,
  PRIMARY KEY (corpus_id, doc, n)
);
CREATE INDEX IF NOT EXISTS paragraphs_tsv ON paragraphs USING GIN (tsv);

-- Index words per searchable field (p passages, t titles, s dated sentences, q quotations,
-- k speaker names) with their document frequency: BM25's idf, prefix widening and typo suggestions.
CREATE TABLE IF NOT EXISTS terms (
  corpus_id TEXT NOT NULL,
  field CHAR(1) NOT NULL,
  term TEXT COLLATE "C" NOT NULL,
  df INTEGER NOT NULL,
  PRIMARY KEY (corpus_id, field, term)
);
CREATE INDEX IF NOT EXISTS terms_trgm ON terms USING GIN (term gin_trgm_ops);

CREATE TABLE IF NOT EXISTS people (
  corpus_id TEXT NOT NULL,
  entry INTEGER NOT NULL,
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('person', 'group')),
  aliases TEXT[] NOT NULL,
  -- Each entry's name keys, space-padded (" asim munir | munir "): whole-word tests.
  name_text TEXT NOT NULL,
  doc_count INTEGER NOT NULL,
  mention_count INTEGER NOT NULL,
  -- The distinct roles, best first, each the statement cited: [{role, doc, paragraph, sentence, stated}].
  role_groups JSONB NOT NULL,
  role_group_count INTEGER NOT NULL,
  first_mentions JSONB NOT NULL,
  PRIMARY KEY (corpus_id, entry)
);

-- A name or alias key → entries (exact look-up).
CREATE TABLE IF NOT EXISTS people_keys (
  corpus_id TEXT NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  entry INTEGER NOT NULL,
  PRIMARY KEY (corpus_id, key, entry)
);

-- Every word start of every name and alias ("asim munir", "munir"): prefix look-ups by btree
-- range, typos by trigram similarity.
CREATE TABLE IF NOT EXISTS people_prefixes (
  corpus_id TEXT NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  entry INTEGER NOT NULL,
  PRIMARY KEY (corpus_id, key, entry)
);
CREATE INDEX IF NOT EXISTS people_prefixes_trgm ON people_prefixes USING GIN (key gin_trgm_ops);

-- Autocomplete for prefixes of up to three letters, ranked at ingest (the range is too wide to rank per keystroke).
CREATE TABLE IF NOT EXISTS people_top_prefix (
  corpus_id TEXT NOT NULL,
  prefix TEXT COLLATE "C" NOT NULL,
  entries INTEGER[] NOT NULL,
  PRIMARY KEY (corpus_id, prefix)
);

-- The names each document uses → the entry they mean there (speaker resolution), and which
-- entries a document mentions (the digest).
CREATE TABLE IF NOT EXISTS people_doc_names (
  corpus_id TEXT NOT NULL,
  doc INTEGER NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  entry INTEGER NOT NULL,
  PRIMARY KEY (corpus_id, doc, key)
);
CREATE TABLE IF NOT EXISTS people_docs (
  corpus_id TEXT NOT NULL,
  doc INTEGER NOT NULL,
  entry INTEGER NOT NULL,
  PRIMARY KEY (corpus_id, doc, entry)
);
CREATE INDEX IF NOT EXISTS people_docs_entry ON people_docs (corpus_id, entry);

-- Per name key, the documents that frame it as a firm, that name a person by it with more than
-- weak evidence, and only weakly (issue #16, src/index/firms.ts); `hides`: the rule on those
-- counts (hidesKey, which reads the given-name lists), kept with them: a person named only
-- weakly by a key that hides is not answered.
CREATE TABLE IF NOT EXISTS people_firms (
  corpus_id TEXT NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  firm INTEGER NOT NULL,
  sure INTEGER NOT NULL,
  weak INTEGER NOT NULL,
  hides BOOLEAN NOT NULL,
  PRIMARY KEY (corpus_id, key)
);

-- Sentences that hold a dated event, searchable (/when, /timeline with a topic).
CREATE TABLE IF NOT EXISTS date_sentences (
  corpus_id TEXT NOT NULL,
  sentence INTEGER NOT NULL,
  doc INTEGER NOT NULL,
  paragraph INTEGER NOT NULL,
  idx INTEGER NOT NULL,
  text TEXT NOT NULL,
  tsv TSVECTOR NOT NULL,
  len INTEGER NOT NULL,
  PRIMARY KEY (corpus_id, sentence)
);
CREATE INDEX IF NOT EXISTS date_sentences_tsv ON date_sentences USING GIN (tsv);
CREATE INDEX IF NOT EXISTS date_sentences_doc ON date_sentences (corpus_id, doc);

-- Dated events: the date as resolved, its precision, and its span of days as a range.
CREATE TABLE IF NOT EXISTS date_events (
  corpus_id TEXT NOT NULL,
  event INTEGER NOT NULL,
  doc INTEGER NOT NULL,
  sentence INTEGER NOT NULL,
  date TEXT,
  precision TEXT NOT NULL,
  note TEXT,
  -- The fact as extracted (text, kind, anchor, modifier, offsets, paragraph).
  fact JSONB NOT NULL,
  start_day INTEGER,
  end_day INTEGER,
  days INT4RANGE GENERATED ALWAYS AS (
    CASE WHEN start_day IS NULL THEN NULL ELSE int4range(start_day, end_day, '[]') END
  ) STORED,
  -- Can stand on a timeline: a resolved date of a year at most.
  is_event BOOLEAN NOT NULL,
  PRIMARY KEY (corpus_id, event)
);
CREATE INDEX IF NOT EXISTS date_events_order ON date_events (corpus_id, start_day, end_day, event) WHERE is_event;
CREATE INDEX IF NOT EXISTS date_events_days ON date_events USING GIST (days);
CREATE INDEX IF NOT EXISTS date_events_sentence ON date_events (corpus_id, sentence);
CREATE INDEX IF NOT EXISTS date_events_doc ON date_events (corpus_id, doc);

CREATE TABLE IF NOT EXISTS speakers (
  corpus_id TEXT NOT NULL,
  speaker INTEGER NOT NULL,
  name TEXT NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  kind TEXT NOT NULL,
  quote_count INTEGER NOT NULL,
  tsv TSVECTOR NOT NULL,
  len INTEGER NOT NULL,
  PRIMARY KEY (corpus_id, speaker)
);
CREATE INDEX IF NOT EXISTS speakers_key ON speakers (corpus_id, key);
CREATE INDEX IF NOT EXISTS speakers_tsv ON speakers USING GIN (tsv);

CREATE TABLE IF NOT EXISTS quotes (
  corpus_id TEXT NOT NULL,
  quote INTEGER NOT NULL,
  doc INTEGER NOT NULL,
  speaker INTEGER,
  -- The fact as extracted (text, speaker, role, kind, offsets, paragraphs, partial).
  fact JSONB NOT NULL,
  tsv TSVECTOR NOT NULL,
  len INTEGER NOT NULL,
  PRIMARY KEY (corpus_id, quote)
);
CREATE INDEX IF NOT EXISTS quotes_tsv ON quotes USING GIN (tsv);
CREATE INDEX IF NOT EXISTS quotes_speaker ON quotes (corpus_id, speaker, quote);
CREATE INDEX IF NOT EXISTS quotes_doc ON quotes (corpus_id, doc);
