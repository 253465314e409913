import { handleSignedEmbed } from "@/server/http/widget-response";

/** A widget through a JWT the merchant's server signed: /embed/t/{jwt}[?range=…&interval=…]. */
export const GET = handleSignedEmbed;
