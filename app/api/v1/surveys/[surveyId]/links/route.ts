import { restHandler } from "@/server/http/handler";
import { otherMethods } from "@/server/http/methods";
import { handleSurveyLinksPost } from "@/server/http/survey-links";

export const POST = restHandler(handleSurveyLinksPost);
export const { GET, PUT, PATCH, DELETE, OPTIONS } = otherMethods(["POST"]);
