import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    /** Must equal users.session_version, else the session was ended by a password change. */
    sessionVersion: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sessionVersion?: number;
  }
}
