import type { Model } from 'mongoose';

/**
 * "Insert if absent", keyed by _id: a duplicate key (11000) means the document is already stored, and
 * the first write wins, as with an upsert using $setOnInsert. Inserts rather than upserts because
 * FerretDB 1.x scans the collection for every upsert (0.05 → 0.5 s per 50 documents at 2,000
 * documents, measured), while an insert stays flat (~5 ms per 50); MongoDB is fast either way.
 * Returns the _ids inserted now.
 */
export async function insertAbsent<T>(model: Model<T>, docs: (T & { _id: string })[]): Promise<string[]> {
  if (!docs.length) return [];
  try {
    await model.collection.insertMany(docs as never[], { ordered: false });
    return docs.map((d) => d._id);
  } catch (err) {
    const failed = duplicateIndexes(err);
    return docs.filter((_, i) => !failed.has(i)).map((d) => d._id);
  }
}

/** Indexes of the documents refused as duplicates; rethrows any other error. */
export function duplicateIndexes(err: unknown): Set<number> {
  const writeErrors = (err as { writeErrors?: unknown }).writeErrors;
  const list = (Array.isArray(writeErrors) ? writeErrors : writeErrors ? [writeErrors] : []) as {
    code?: number;
    index?: number;
  }[];
  if (!list.length || list.some((e) => e.code !== 11000 || typeof e.index !== 'number')) throw err;
  return new Set(list.map((e) => e.index as number).sort((a, b) => a - b));
}
