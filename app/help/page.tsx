"use client";

import { H2, Panel, Text } from "@bigcommerce/big-design";
import { AppShell } from "@/components/AppShell/AppShell";

// The login rule in the merchant's words, as BigCommerce's guide to channel-specific customers states it.
export default function HelpPage() {
  return (
    <AppShell>
      {() => (
        <Panel header="How channel access works">
          <H2>Who can log in where</H2>
          <Text>
            A customer with a list of channels can log in to exactly those channels. A <strong>global</strong> customer (no
            list) can log in to every channel whose <em>Allow global logins</em> setting is on.
          </Text>
          <Text>
            Turning a channel&apos;s global logins on or off changes access for every global customer at once; customers with a
            list are not affected.
          </Text>
          <Text>
            A customer always keeps at least one channel: removing the last one would leave a list BigCommerce rejects, so the
            app offers to make them global or to pick another channel instead.
          </Text>
          <Text>
            Giving a global customer one more channel turns them into a customer with a list. The app keeps the channels they
            can log in to today and adds the new one, so nobody silently loses access.
          </Text>
          <H2>Which channels are columns</H2>
          <Text>
            Customers log in to storefronts only, so each storefront is a column. Marketplace, marketing and POS channels
            (Amazon, Facebook, Square, …) have no customer logins: the matrix only says how many there are. A storefront that
            is not launched yet is marked &quot;not launched&quot;: BigCommerce does not confirm that it accepts logins before
            launch. Inactive and archived storefronts are closed: BigCommerce refuses logins there until the storefront is
            active again, so their columns are hidden unless you tick &quot;Show closed storefronts&quot;, and drawn dimmed.
          </Text>
          <Text>
            Each storefront&apos;s header shows whether global logins are on; open it for the storefront&apos;s details and the
            switch. The value shown is the one BigCommerce reports, marked &quot;inherited&quot; only when BigCommerce says the
            storefront has no value of its own.
          </Text>
        </Panel>
      )}
    </AppShell>
  );
}
