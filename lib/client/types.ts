// Shapes the app's API returns to the page, validated where the page receives them.
import { z } from "zod";

export const SessionInfo = z.object({
  storeHash: z.string(),
  user: z.object({ id: z.number().int(), email: z.string() }),
  isOwner: z.boolean(),
  expiresAt: z.string(),
});
export type SessionInfo = z.infer<typeof SessionInfo>;

export const ApiErrorBody = z.object({ error: z.string(), message: z.string() });
