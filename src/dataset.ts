/** The domain types every stage after validation reads: the validated network and years (`Dataset`) and
 * its districts. Types and one pure predicate; validate.ts makes a Dataset, derive and the rest read it. */
import type { Network, Year } from './schema.js';
import type { SourceDoc } from './source.js';
import type { Municipality, Topology } from './territory.js';

export interface District {
  name: string;
  colour: string;
  /** The first year the district existed, when it started after the others. */
  from?: number;
  /** The last year it existed, when it has ended. */
  until?: number;
}

export type { Municipality };

/** Whether a district existed in a year (rete.yaml's dal / fino_al). */
export const existsIn = (d: Pick<District, 'from' | 'until'>, year: number): boolean => (d.from === undefined || year >= d.from) && (d.until === undefined || year <= d.until);

export interface Dataset {
  network: Network;
  districts: District[];
  municipalities: Municipality[];
  /** The year the outputs are about. */
  year: number;
  /** Every validated year up to `year`, oldest first. */
  years: Map<number, Year>;
  /** Where each year's figures were read, for locating later warnings. */
  sources: Map<number, SourceDoc>;
  /** Where rete.yaml was read. */
  networkSource: SourceDoc;
  /** rete.yaml's territory, with its boundaries: the first object of the file, as `municipalities`. */
  territory: { name: string; attribution: string; topology: Topology };
}
