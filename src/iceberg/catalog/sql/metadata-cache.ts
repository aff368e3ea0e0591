import type { TableMetadata } from "../../spec/table-metadata";

/**
 * Parsed metadata files by location, least recently used dropped first. A metadata file never
 * changes once written (every version gets a fresh name), so a commit whose table pointer still
 * names a file read or written moments ago need not fetch it again.
 */
export class MetadataCache {
  private readonly entries = new Map<string, TableMetadata>();

  constructor(private readonly capacity = 64) {}

  get(location: string): TableMetadata | undefined {
    const metadata = this.entries.get(location);
    if (metadata) this.set(location, metadata);
    return metadata;
  }

  set(location: string, metadata: TableMetadata): void {
    this.entries.delete(location);
    this.entries.set(location, metadata);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }
}
