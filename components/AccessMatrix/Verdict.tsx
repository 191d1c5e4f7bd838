"use client";

import { CheckCircleIcon, DoNotDisturbOnTotalSilenceIcon, PublicIcon } from "@bigcommerce/big-design-icons";
import { Small } from "@bigcommerce/big-design";
import type { LoginVerdict } from "@/lib/access";
import { LegendList, VerdictChip, VerdictWords, type VerdictLook } from "./styles";

export type { VerdictLook };

export const verdictLook = (verdict: LoginVerdict): VerdictLook => (verdict.allowed ? verdict.reason : "none");

/** The short words on a cell; the full reason is in its tooltip and accessible name. */
export function verdictWords(verdict: LoginVerdict): { title: string; detail: string } {
  if (verdict.allowed) return { title: "Can log in", detail: verdict.reason === "explicit" ? "in their list" : "via global" };
  return { title: "Cannot log in", detail: verdict.why === "global_not_allowed" ? "global logins off" : "not in their list" };
}

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

const LEGEND: { look: VerdictLook; verdict: LoginVerdict; text: string }[] = [
  {
    look: "explicit",
    verdict: { customerId: 0, channelId: 0, allowed: true, reason: "explicit" },
    text: "The channel is in the customer's list of channels.",
  },
  {
    look: "global",
    verdict: { customerId: 0, channelId: 0, allowed: true, reason: "global" },
    text: "The customer is global (no list) and the channel allows global logins.",
  },
  {
    look: "none",
    verdict: { customerId: 0, channelId: 0, allowed: false, reason: "none", why: "not_in_list" },
    text: "Not in the customer's list, or the customer is global and the channel does not allow global logins.",
  },
];

export function Legend() {
  return (
    <LegendList aria-label="Legend">
      {LEGEND.map(({ look, verdict, text }) => (
        <li key={look} data-legend={look}>
          <VerdictMark verdict={verdict} detail={look === "none" ? "no access" : undefined} />
          <Small marginBottom="none" marginTop="xxSmall">
            {text}
          </Small>
        </li>
      ))}
    </LegendList>
  );
}
