import type { inferRouterInputs, inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;
type Inputs = inferRouterInputs<AppRouter>;

export type ExplorerEvent = Outputs["event"]["list"]["items"][number];
export type EventFacets = Outputs["event"]["facets"];
export type TailInput = Omit<Inputs["event"]["tail"], "afterId">;
