// The one way a zod failure becomes a sentence: `field: what is wrong`, "; " between issues. Used by every boundary
// (request bodies, callbacks, signed payloads, configuration). Only zod's types are imported: no zod at run time.
import type { z } from "zod";

type Issue = z.ZodError["issues"][number];

export interface DescribeOptions {
  /** Names an issue about the whole value (empty path), e.g. "payload". */
  root?: string;
  /** At most this many issues are described. */
  limit?: number;
}

/** The field an issue is about, as `a.0.b`; "" for the whole value. */
export const issuePath = (issue: Issue): string => issue.path.map(String).join(".");

function describeIssue(issue: Issue, root: string | undefined): string {
  const field = issuePath(issue) || root || "";
  // Unknown keys have no path of their own; zod names them in `keys`.
  const message =
    issue.code === "unrecognized_keys" ? `unknown field${issue.keys.length === 1 ? "" : "s"} ${issue.keys.join(", ")}` : issue.message;
  // A message that already names its field ("code is missing") is not prefixed a second time.
  return !field || message.startsWith(`${field} `) ? message : `${field}: ${message}`;
}

/** Every issue (up to `limit`) as `field: message`, joined by "; ". */
export function describeIssues(error: z.ZodError, { root, limit }: DescribeOptions = {}): string {
  return error.issues
    .slice(0, limit)
    .map((issue) => describeIssue(issue, root))
    .join("; ");
}
