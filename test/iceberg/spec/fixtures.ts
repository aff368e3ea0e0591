/** Paths of the shared read-only fixture tables (never written to). */
import { ICEBERG_FIXTURES } from "../../fixtures/shared-fixtures";

export const FIXTURES = ICEBERG_FIXTURES;

export const FIXTURE_TABLES = [
  "spark_v1_day_partitioned",
  "spark_v2_append_overwrite_lineitem",
  "javaapi_v2_eqdeletes_partitioned",
  "pyiceberg_v2_appends",
  "pyiceberg_v1_append_overwrite",
] as const;
