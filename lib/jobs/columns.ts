// The JSON columns of bulk_jobs (intent, selection), read back through their zod schemas: a row that does not hold
// what the app wrote is an error naming the job, never a value cast into shape. Pure.
import { z } from "zod";
import { JobIntentSchema, SelectionQuery, type BulkSelectionView, type JobIntent } from "@/lib/contract/bulk";

/** What createJob stores as the selection: ticked ids counted (they live in customer_ids), or the search. */
const SelectionColumn = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("ids"), count: z.number().int().min(0) }).strict(),
  z.object({ kind: z.literal("query"), query: SelectionQuery }).strict(),
]) satisfies z.ZodType<BulkSelectionView>;

function column<T>(schema: z.ZodType<T>, name: string, jobId: number, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new Error(`bulk job ${jobId} has an unreadable ${name}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export const intentColumn = (jobId: number, value: unknown): JobIntent => column(JobIntentSchema, "intent", jobId, value);
export const selectionColumn = (jobId: number, value: unknown): BulkSelectionView => column(SelectionColumn, "selection", jobId, value);
