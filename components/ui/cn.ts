import { clsx, type ClassValue } from "clsx";
import { twMerge } from "tailwind-merge";

/** Joins class names; when two Tailwind classes conflict (text-ink vs text-danger-600) the later wins. */
export function cn(...values: ClassValue[]): string {
  return twMerge(clsx(values));
}
