/** JSON shape of sort orders. */
import { LakelabError } from "../../errors";
import { JsonFields, type JsonObject, type JsonValue } from "./json";
import type { SortField, SortOrder } from "./sort-order";

export function parseSortOrder(v: JsonValue | undefined, path: string, source: string): SortOrder {
  const f = JsonFields.of(v, path, source);
  return {
    orderId: f.int("order-id"),
    fields: f.objects("fields").map((s): SortField => {
      const direction = s.str("direction");
      const nullOrder = s.str("null-order");
      if (
        (direction !== "asc" && direction !== "desc") ||
        (nullOrder !== "nulls-first" && nullOrder !== "nulls-last")
      ) {
        throw new LakelabError(
          "METADATA_CORRUPT",
          `${source}: ${s.path} has direction '${direction}' / null-order '${nullOrder}'; expected asc|desc and nulls-first|nulls-last`,
          { context: { source, field: s.path } },
        );
      }
      return { sourceId: s.int("source-id"), transform: s.str("transform"), direction, nullOrder };
    }),
  };
}

export function sortOrderToJson(o: SortOrder): JsonObject {
  return {
    "order-id": o.orderId,
    fields: o.fields.map((s) => ({
      transform: s.transform,
      "source-id": s.sourceId,
      direction: s.direction,
      "null-order": s.nullOrder,
    })),
  };
}
