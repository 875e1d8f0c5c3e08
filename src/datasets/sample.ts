// The invented sample directory (seed/sample/offers.json), for demos and tests: never shown as real help.
import type { Db } from '../db/client.js'
import { DATASETS, datasetId, loadDataset, readDatasetFile } from './load.js'

export const sampleId = (kind: string, key: string) => datasetId('sample', kind, key)
export const SAMPLE_ACTOR = DATASETS.sample.actor
export const readSampleFile = () => readDatasetFile('sample')

/** Adds the sample entries this database never held; returns how many offers it added. */
export function loadSample (db: Db, now?: string): number {
  return loadDataset(db, 'sample', { now }).added.offers
}
