import { restHandler } from "@/server/http/handler";
import { handleSurveyLinksPost } from "@/server/http/survey-links";

export const POST = restHandler(handleSurveyLinksPost);
