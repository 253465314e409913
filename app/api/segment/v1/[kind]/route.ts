import { otherMethods } from "@/server/http/methods";
import { postSegment, segmentPreflight } from "@/server/ingest/segment/http";

export async function POST(request: Request, { params }: { params: Promise<{ kind: string }> }) {
  return postSegment(request, (await params).kind);
}

export const OPTIONS = segmentPreflight;
export const { GET, PUT, PATCH, DELETE } = otherMethods(["POST"]);
