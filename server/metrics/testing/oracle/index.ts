import { BEYOND_ORACLE } from "./beyond";
import { CHECKOUT_ORACLE } from "./checkout";
import type { OracleBreakdown, OracleMetric } from "./dataset";
import { INDUSTRY_ORACLE } from "./industry";
import { JOURNEY_ORACLE } from "./journey";
import { POST_PURCHASE_ORACLE } from "./post-purchase";
import { VALUE_ORACLE } from "./value";
import { VOICE_ORACLE } from "./voice";

const SECTIONS = [BEYOND_ORACLE, CHECKOUT_ORACLE, POST_PURCHASE_ORACLE, VALUE_ORACLE, VOICE_ORACLE, JOURNEY_ORACLE, INDUSTRY_ORACLE];

/** Every metric the oracle computes, by catalog key. */
export const ORACLE_VALUES: Record<string, OracleMetric> = Object.assign({}, ...SECTIONS.map((s) => s.values));
export const ORACLE_BREAKDOWNS: Record<string, OracleBreakdown> = Object.assign({}, ...SECTIONS.map((s) => s.breakdowns ?? {}));
