/**
 * The data types every corpus loader returns, so tokenizers and estimators never care where text came from.
 * @module
 */

/** One document of a corpus: a book, an address, a source file, an article. */
export interface TextDocument {
  /** Stable identifier within the corpus (file name, row index, chapter number). */
  id: string;
  text: string;
  /** Optional source-specific fields (year, author, licence). */
  meta?: Record<string, string | number>;
}

/** A named collection of documents. */
export interface Corpus {
  /** Catalogue name (`moby-dick`, `sotu`, `pg19:/path`, …). */
  name: string;
  documents: TextDocument[];
}
