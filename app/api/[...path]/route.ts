import { unknownApiPath } from "@/server/http/methods";

// Any /api path no other route serves (more specific routes win): JSON, not the app's HTML 404 page.
export const GET = unknownApiPath;
export const POST = unknownApiPath;
export const PUT = unknownApiPath;
export const PATCH = unknownApiPath;
export const DELETE = unknownApiPath;
export const OPTIONS = unknownApiPath;
