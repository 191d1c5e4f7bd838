// The sandbox's one way to word a zod failure (it imports nothing of the app, so it keeps its own): each issue as
// `path: message`, `root` naming an issue about the whole value, either as text or as BigCommerce-style `errors`.
import type { z } from "zod";

const field = (issue: z.ZodError["issues"][number], root: string) => issue.path.join(".") || root;

/** `{ "0.email": "…" }`, the shape of BigCommerce's `errors`. */
export const issueFields = (error: z.ZodError, root: string): Record<string, string> =>
  Object.fromEntries(error.issues.map((issue) => [field(issue, root), issue.message]));

/** `path: message; path: message` (`root` defaults to the panel's forms). */
export const issuesText = (error: z.ZodError, root = "form"): string =>
  error.issues.map((issue) => `${field(issue, root)}: ${issue.message}`).join("; ");
