import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { can, PERMISSIONS, roleRank, ROLES, type Permission } from "./permissions";

const permissions = Object.keys(PERMISSIONS) as Permission[];

describe("the permission table", () => {
  it("ranks roles viewer < analyst < admin < owner", () => {
    expect(ROLES.map(roleRank)).toEqual([0, 1, 2, 3]);
    expect(roleRank("viewer")).toBeLessThan(roleRank("owner"));
  });

  it("gives each permission the lowest role that holds it", () => {
    const lowest = Object.fromEntries(permissions.map((p) => [p, ROLES.find((role) => can(role, p))]));
    expect(lowest).toEqual({
      "org.read": "viewer",
      "data.export": "analyst",
      "widgets.manage": "analyst",
      "settings.manage": "admin",
      "keys.manage": "admin",
      "members.manage": "admin",
      "audit.read": "admin",
      "billing.manage": "owner",
      "org.delete": "owner",
    });
  });

  it("lets an owner do everything and a viewer only read", () => {
    expect(permissions.filter((p) => !can("owner", p))).toEqual([]);
    expect(permissions.filter((p) => can("viewer", p))).toEqual(["org.read"]);
  });
});

describe("can", () => {
  it("is monotonic: a higher role can do whatever a lower role can", () => {
    const role = fc.constantFrom(...ROLES);
    fc.assert(
      fc.property(role, role, fc.constantFrom(...permissions), (a, b, permission) => {
        const [low, high] = roleRank(a) <= roleRank(b) ? [a, b] : [b, a];
        return !can(low, permission) || can(high, permission);
      }),
    );
  });
});
