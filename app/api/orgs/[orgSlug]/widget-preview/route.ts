import { restHandler } from "@/server/http/handler";
import { handleWidgetPreview } from "@/server/services/widget-preview";

/** The widget builder's live preview (session-authenticated, framed by the app only). */
export const GET = restHandler(async (request: Request, context: { params: Promise<{ orgSlug: string }> }) => handleWidgetPreview(request, (await context.params).orgSlug));
