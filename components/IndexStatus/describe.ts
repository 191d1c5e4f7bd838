// Words for the access index, shared by the freshness line, the access filter and the channel headers.
import type { ChannelLoginCountView, IndexStatusResponse } from "@/lib/contract/access-index";
import { formatCount, formatDuration } from "@/components/BulkChange/describe";

/** "12.4K", "1.2M": a count for a narrow column header (exact counts are in its tooltip). Without Intl (see formatCount). */
export function compactCount(n: number): string {
  if (n < 10_000) return formatCount(n);
  // From 999,500 on, thousands would round to "1000K".
  const [value, unit] = n < 999_500 ? [n / 1_000, "K"] : [n / 1_000_000, "M"];
  const digits = value < 100 ? 1 : 0;
  return `${value.toFixed(digits).replace(/\.0$/, "")}${unit}`;
}

/** "4 s ago", "3 min ago", "2 h ago", "5 days ago"; a time a little ahead of the browser's clock is "just now". */
export function timeAgo(iso: string, now: number): string {
  const seconds = Math.floor((now - Date.parse(iso)) / 1000);
  if (!Number.isFinite(seconds) || seconds < 1) return "just now";
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86_400);
  return `${days} ${days === 1 ? "day" : "days"} ago`;
}

/** "about 3 min left": whole minutes from a minute on, since the rate moves as the sync goes. */
export function timeLeft(seconds: number): string {
  if (seconds < 60) return "less than a minute left";
  return `about ${formatDuration(Math.round(seconds / 60) * 60)} left`;
}

type Progress = NonNullable<IndexStatusResponse["progress"]>;

/** "Indexing 412,000 of 1,000,000 customers · about 3 min left". */
export function progressSentence(progress: Progress): string {
  const read = formatCount(progress.read);
  const done = progress.expected === null ? `Indexing ${read} customers so far` : `Indexing ${read} of ${formatCount(progress.expected)} customers`;
  return progress.etaSeconds === null ? done : `${done} · ${timeLeft(progress.etaSeconds)}`;
}

/** The share of a sync done, 0–100, or undefined while BigCommerce's count is unknown (an indeterminate bar). */
export const progressPercent = (progress: Progress): number | undefined =>
  progress.expected ? Math.min(100, Math.floor((progress.read / progress.expected) * 100)) : undefined;

/** True when the index holds every customer as of its last change: counts and access filters are exact. */
export const isIndexExact = (index: IndexStatusResponse | undefined): boolean => index?.status === "ready";

/**
 * What is not yet exact while the index is incomplete, in plain words: "Counts and access filters cover 412,000 of
 * 1,000,000 customers so far." Null when the index is complete (or holds nobody yet, and nothing is counted).
 */
export function coverageSentence(index: IndexStatusResponse | undefined): string | null {
  if (!index || isIndexExact(index)) return null;
  const read = index.progress?.read ?? index.counts?.total;
  if (!read) return null;
  const expected = index.progress?.expected;
  const of = expected === null || expected === undefined ? `the ${formatCount(read)} customers indexed` : `${formatCount(read)} of ${formatCount(expected)} customers`;
  return `Not yet exact: counts and access filters cover ${of} so far.`;
}

/** "12,408 can log in (9,870 via global)". */
export const loginCountSentence = (count: ChannelLoginCountView): string =>
  `${formatCount(count.canLogIn)} can log in (${formatCount(count.viaGlobal)} via global)`;
