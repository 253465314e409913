/**
 * The KPI grid's classes, in a module without "use client" so that server pages read the string
 * itself (an export of a client module reaches the server as a reference, not as its value).
 */
export const KPI_GRID = "grid grid-cols-2 gap-3 sm:grid-cols-3 xl:grid-cols-5";
