import { handleShareEmbed } from "@/server/http/widget-response";

/** A widget through its share token: /embed/w/{token}[?range=…&interval=…]. */
export const GET = handleShareEmbed;
