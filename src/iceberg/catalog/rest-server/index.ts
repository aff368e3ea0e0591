export { type ServeCatalogOptions, type ServedCatalog, serveCatalog } from "./serve-catalog";
