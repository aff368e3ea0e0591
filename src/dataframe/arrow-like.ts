import type { Table } from "apache-arrow";
import type { DataFrame } from "danfojs";

/** One row as a plain object: column name → JS value (see `toRecords` for the value mapping). */
export type ArrowRecord = Record<string, unknown>;

/** Anything lakelab accepts as tabular input: an Arrow Table, a danfojs DataFrame or records. */
export type ArrowLike = Table | DataFrame | readonly ArrowRecord[];
