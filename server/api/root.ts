import "server-only";
import { accountRouter } from "./routers/account";
import { apiKeyRouter } from "./routers/api-key";
import { auditRouter } from "./routers/audit";
import { benchmarkRouter } from "./routers/benchmark";
import { billingRouter } from "./routers/billing";
import { importRouter } from "./routers/import";
import { customerRouter } from "./routers/customer";
import { metricRouter } from "./routers/metric";
import { metricSettingsRouter } from "./routers/metric-settings";
import { eventRouter } from "./routers/event";
import { invitationRouter } from "./routers/invitation";
import { loyaltyRouter } from "./routers/loyalty";
import { memberRouter } from "./routers/member";
import { organizationRouter } from "./routers/organization";
import { surveyRouter } from "./routers/survey";
import { trackMappingRouter } from "./routers/track-mapping";
import { widgetRouter } from "./routers/widget";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  account: accountRouter,
  organization: organizationRouter,
  member: memberRouter,
  invitation: invitationRouter,
  audit: auditRouter,
  apiKey: apiKeyRouter,
  import: importRouter,
  trackMapping: trackMappingRouter,
  event: eventRouter,
  customer: customerRouter,
  metric: metricRouter,
  metricSettings: metricSettingsRouter,
  benchmark: benchmarkRouter,
  survey: surveyRouter,
  loyalty: loyaltyRouter,
  widget: widgetRouter,
  billing: billingRouter,
});

export type AppRouter = typeof appRouter;

export const createCaller = createCallerFactory(appRouter);
