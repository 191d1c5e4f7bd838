"use client";

import { CheckCircleIcon, DoNotDisturbOnTotalSilenceIcon, PublicIcon } from "@bigcommerce/big-design-icons";
import type { LoginVerdict } from "@/lib/access";
import { CELL, LegendList, VerdictChip, VerdictWords, type VerdictLook } from "./styles";

export type { VerdictLook };

export const verdictLook = (verdict: LoginVerdict): VerdictLook => (verdict.allowed ? verdict.reason : "none");

/** The words of the before/after preview; the full reason is in the matrix cell's tooltip and accessible name. */
export function verdictWords(verdict: LoginVerdict): { title: string; detail: string } {
  if (verdict.allowed) return { title: "Can log in", detail: verdict.reason === "explicit" ? "in their list" : "via global" };
  return { title: "Cannot log in", detail: verdict.why === "global_not_allowed" ? "global logins off" : "not in their list" };
}

/** The one short word on a matrix cell, beside its icon. */
export const SHORT_WORDS: Record<VerdictLook, string> = { explicit: "In list", global: "Global", none: "No" };

const ICONS = { explicit: CheckCircleIcon, global: PublicIcon, none: DoNotDisturbOnTotalSilenceIcon } as const;

/** Icon + colour + words: the three looks differ in all three, never in colour alone. */
export function VerdictMark({ verdict, detail }: { verdict: LoginVerdict; detail?: string }) {
  const look = verdictLook(verdict);
  const Icon = ICONS[look];
  const words = { ...verdictWords(verdict), ...(detail ? { detail } : {}) };
  return (
    <VerdictChip $look={look} data-look={look}>
      <Icon size="medium" aria-hidden />
      <VerdictWords>
        <strong>{words.title}</strong>
        <span>({words.detail})</span>
      </VerdictWords>
    </VerdictChip>
  );
}

/** The matrix cell's mark: the same icon, colour and border as VerdictMark, with one short word. */
export function CompactMark({ look }: { look: VerdictLook }) {
  const Icon = ICONS[look];
  return (
    <VerdictChip $look={look} $compact data-look={look}>
      <Icon size="small" aria-hidden />
      {SHORT_WORDS[look]}
    </VerdictChip>
  );
}

const markId = (look: VerdictLook) => `channel-access-mark-${look}`;
const LOOKS = Object.keys(ICONS) as VerdictLook[];

/** The three icons, drawn once per page; each matrix cell shows its look's icon through an SVG <use>. */
export function MarkSprite() {
  return (
    <svg aria-hidden width="0" height="0" style={{ position: "absolute" }}>
      <defs>
        {LOOKS.map((look) => {
          const Icon = ICONS[look];
          // size 24: the icon fills the 24-unit viewBox of the cell's <svg>, whatever size the cell draws it at.
          return <Icon key={look} id={markId(look)} size={24} />;
        })}
      </defs>
    </svg>
  );
}

/**
 * A matrix cell's mark: CompactMark's icon, colour, border and word in plain elements (the grid styles them by
 * class), since a page draws it hundreds of times. Needs a MarkSprite on the page.
 */
export function CellMark({ look }: { look: VerdictLook }) {
  return (
    <span className={CELL.chip} data-look={look}>
      <svg aria-hidden focusable="false" viewBox="0 0 24 24">
        <use href={`#${markId(look)}`} />
      </svg>
      {SHORT_WORDS[look]}
    </span>
  );
}

const LEGEND: { look: VerdictLook; text: string }[] = [
  { look: "explicit", text: "in the customer's list" },
  { look: "global", text: "global customer, global logins on" },
  { look: "none", text: "cannot log in" },
];

/** One line: each look as the cells draw it, and what it means. */
export function Legend() {
  return (
    <LegendList aria-label="Legend">
      {LEGEND.map(({ look, text }) => (
        <li key={look} data-legend={look}>
          <CompactMark look={look} />
          <span>{text}</span>
        </li>
      ))}
    </LegendList>
  );
}
