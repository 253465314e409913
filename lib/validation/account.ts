import { z } from "zod";

// Shared by the forms (client-side hints) and the procedures (the real check). The server also
// checks password strength, which needs a dictionary the browser should not download.
// Trimmed before the format check: browsers' autofill sometimes adds a space.
export const emailField = z.string().trim().pipe(z.email({ message: "Enter a valid email address." }).max(320));
export const nameField = z.string().trim().min(1, { message: "Enter your name." }).max(120);
export const passwordField = z.string().min(1, { message: "Enter a password." }).max(200, { message: "Use at most 200 characters." });

export const signUpInput = z.object({ name: nameField, email: emailField, password: passwordField });
export const requestResetInput = z.object({ email: emailField });
export const resetPasswordInput = z.object({ token: z.string().min(10).max(200), password: passwordField });
export const changePasswordInput = z.object({ currentPassword: z.string().min(1).max(200), newPassword: passwordField });
export const updateProfileInput = z.object({ name: nameField });
