import { RowProblem } from "../cells";
import { csvEventId } from "../event-ids";
import { propertyValue } from "../property-types";
import { csvEvent, eachRow } from "../rows";
import { customerIdOf } from "./identity";
import { ANONYMOUS_ID, CUSTOMER_ID, TIMESTAMP } from "./shared-fields";
import type { FormatSpec } from "./types";

export const eventsFormat: FormatSpec = {
  id: "events",
  kind: "events",
  label: "Events",
  description:
    "One row per event of any type (page.viewed, survey.responded, your own custom.types…). Properties come from a JSON column, " +
    "from other columns you keep, or both. With an event ID column, that id makes a second import of the row a duplicate; " +
    "without one, a row with exactly the same content is.",
  preset: false,
  extraTarget: "properties",
  requiredAnyOf: [["customerId", "anonymousId"]],
  fields: [
    { key: "type", label: "Event type", required: true, hint: "noun.verb, e.g. page.viewed.", synonyms: ["event", "event type", "event name", "eventtype", "name"] },
    CUSTOMER_ID,
    ANONYMOUS_ID,
    { ...TIMESTAMP, required: true },
    { key: "id", label: "Event ID", hint: "Your id for the event: the same id is stored once.", synonyms: ["event id", "message id", "messageid", "id"] },
    { key: "sessionId", label: "Session ID", synonyms: ["session", "session_id"] },
    { key: "properties", label: "Properties (JSON)", hint: 'A JSON object: {"path":"/pricing"}.', synonyms: ["props", "payload", "data", "attributes", "json"] },
  ],
  createMapper: (ctx) =>
    eachRow(ctx, (row) => {
      const type = row.required("type");
      const json = row.json("properties");
      if (json !== undefined && (json === null || typeof json !== "object" || Array.isArray(json))) {
        throw new RowProblem("invalid_properties", `column ${JSON.stringify(row.header("properties"))} must be a JSON object`);
      }
      const properties: Record<string, unknown> = { ...(json as Record<string, unknown> | undefined) };
      for (const column of ctx.extra) {
        const cell = row.cells[column.index];
        if (cell !== undefined && cell.trim() !== "") properties[column.key] = propertyValue(type, column.key, cell, column.header);
      }
      const envelope = {
        type,
        customerId: customerIdOf(row),
        anonymousId: row.text("anonymousId"),
        sessionId: row.text("sessionId"),
        timestamp: row.requiredTimestamp("timestamp"),
        properties,
      };
      return [csvEvent({ id: row.text("id") ?? csvEventId("events", envelope), ...envelope })];
    }),
};
