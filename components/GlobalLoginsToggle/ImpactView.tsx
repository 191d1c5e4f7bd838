"use client";

import { Box, H3, Message, Small, Text } from "@bigcommerce/big-design";
import { describeImpact } from "@/lib/access";
import type { ChannelView, CustomerBrief, GlobalLoginsImpactResponse } from "@/lib/contract/access";
import { channelSettingOf } from "@/lib/client";
import { formatCount } from "@/components/BulkChange/describe";
import { CustomerList } from "./styles";

const who = (c: CustomerBrief) => (c.name ? `${c.name} (${c.email || `customer ${c.id}`})` : c.email || `Customer ${c.id}`);

function ImpactList({ label, customers, count, testId }: { label: string; customers: CustomerBrief[]; count: number; testId: string }) {
  const more = count - customers.length;
  return (
    <Box marginBottom="medium" data-testid={testId}>
      <H3 marginBottom="xSmall">
        {label}: {formatCount(count)}
      </H3>
      {count === 0 ? (
        <Small>Nobody.</Small>
      ) : (
        <CustomerList>
          {customers.map((c) => (
            <li key={c.id}>{who(c)}</li>
          ))}
          {more > 0 && <li>…and {formatCount(more)} more</li>}
        </CustomerList>
      )}
    </Box>
  );
}

/**
 * The impact route's answer: the domain's sentence, whether its counts are exact over every customer (the access
 * index answers for all of them) or cover only the customers examined, then who gains and who loses login (the first
 * names of each).
 */
export function ImpactView({ impact, channel }: { impact: GlobalLoginsImpactResponse; channel: ChannelView }) {
  return (
    <>
      <Text data-testid="impact-summary">{describeImpact(impact, channelSettingOf(channel))}</Text>
      {impact.complete ? (
        <Small marginBottom="medium" data-testid="impact-exact">
          Exact over all {formatCount(impact.total)} customers.
        </Small>
      ) : (
        <Message
          type="warning"
          marginBottom="medium"
          messages={[{ text: `Examined ${formatCount(impact.examined)} of ${formatCount(impact.total)} customers: the counts cover only the customers examined.` }]}
        />
      )}
      <ImpactList label="Customers who gain login here" customers={impact.gaining} count={impact.gainingCount} testId="impact-gaining" />
      <ImpactList label="Customers who lose login here" customers={impact.losing} count={impact.losingCount} testId="impact-losing" />
    </>
  );
}

