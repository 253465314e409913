import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;

export type CustomerProfile = Outputs["customer"]["get"];
export type CustomerOrder = Outputs["customer"]["orders"]["items"][number];
export type CustomerResponse = Outputs["customer"]["responses"]["items"][number];
export type ErasureCounts = Outputs["customer"]["erase"];
