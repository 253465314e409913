"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { Button, type ButtonProps } from "@/components/ui/button";

export function SignOutButton({ children = "Sign out", redirectTo = "/sign-in", ...props }: ButtonProps & { redirectTo?: string }) {
  const [pending, setPending] = useState(false);
  return (
    <Button
      variant="secondary"
      {...props}
      pending={pending}
      onClick={async () => {
        setPending(true);
        await signOut({ redirectTo });
      }}
    >
      {children}
    </Button>
  );
}
