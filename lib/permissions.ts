/**
 * The one permission table. Roles are ranked: each role can do what the roles below it can.
 * Server procedures declare the permission they need; the UI asks the same table what to show.
 */
export const ROLES = ["viewer", "analyst", "admin", "owner"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  "org.read": "viewer", // see dashboards, members list, organisation details
  "data.export": "analyst",
  "widgets.manage": "analyst",
  "settings.manage": "admin",
  "keys.manage": "admin",
  "members.manage": "admin",
  "audit.read": "admin",
  "billing.manage": "owner",
  "org.delete": "owner",
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

export const ROLE_LABELS: Record<Role, string> = {
  viewer: "Viewer",
  analyst: "Analyst",
  admin: "Admin",
  owner: "Owner",
};

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: "Reads dashboards.",
  analyst: "Reads dashboards, exports data and builds widgets.",
  admin: "Everything an analyst does, plus settings, API keys and members.",
  owner: "Everything an admin does, plus billing and deleting the organisation.",
};

export function roleRank(role: Role): number {
  return ROLES.indexOf(role);
}

export function can(role: Role, permission: Permission): boolean {
  return roleRank(role) >= roleRank(PERMISSIONS[permission]);
}
