/**
 * The SQL catalog tables exactly as Iceberg's JdbcCatalog and pyiceberg's SqlCatalog create
 * them (column names, types, keys), so either can open a lakelab catalog.db and vice versa.
 */
export const CREATE_ICEBERG_TABLES = `CREATE TABLE iceberg_tables (
\tcatalog_name VARCHAR(255) NOT NULL, 
\ttable_namespace VARCHAR(255) NOT NULL, 
\ttable_name VARCHAR(255) NOT NULL, 
\tmetadata_location VARCHAR(1000), 
\tprevious_metadata_location VARCHAR(1000), 
\ticeberg_type VARCHAR(5), 
\tPRIMARY KEY (catalog_name, table_namespace, table_name)
)`;

export const CREATE_NAMESPACE_PROPERTIES = `CREATE TABLE iceberg_namespace_properties (
\tcatalog_name VARCHAR(255) NOT NULL, 
\tnamespace VARCHAR(255) NOT NULL, 
\tproperty_key VARCHAR(255) NOT NULL, 
\tproperty_value VARCHAR(1000) NOT NULL, 
\tPRIMARY KEY (catalog_name, namespace, property_key)
)`;

/** The property pyiceberg writes so that a namespace without other properties still has a row. */
export const NAMESPACE_EXISTS_PROPERTY = "exists";

/** `iceberg_type` of a table row (views use 'VIEW'). */
export const ICEBERG_TYPE_TABLE = "TABLE";
