/**
 * Corpora: loaders that turn folders, PG19 trees, parquet shards, JSONL and npm-packaged corpora into a
 * {@link Corpus}, plus sentence chunking and fixed-length token samples.
 * @module
 */
export type { Corpus, TextDocument } from "./types.ts";
export { decodeUtf8, firstInvalidUtf8, readUtf8File } from "./utf8.ts";
export {
  type FolderOptions,
  listFiles,
  loadFolder,
  loadPg19,
  PG19_SPLITS,
  type Pg19Split,
} from "./text_files.ts";
export { type JsonlOptions, loadJsonl, parseJsonl } from "./jsonl.ts";
export { loadParquet, parquetColumns, type ParquetOptions } from "./parquet.ts";
export { joinDocuments, loadMobyDick, loadSotu, loadTypeScriptSource } from "./npm_corpora.ts";
export {
  CATALOG_PATH,
  type CatalogEntry,
  catalogEntry,
  installCatalogCorpus,
  loadCatalogCorpus,
  loadCorpus,
  readCatalog,
} from "./catalog.ts";
export { chunkCorpus, chunkText, splitSentences } from "./chunk.ts";
export {
  headSequences,
  l2mPairing,
  pairAcrossDocuments,
  type SampleOptions,
  sampleSequences,
  type SequenceSample,
} from "./sample.ts";
