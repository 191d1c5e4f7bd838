"use client";

import { Panel, Text } from "@bigcommerce/big-design";
import { AppShell } from "@/components/AppShell/AppShell";

export default function HomePage() {
  return (
    <AppShell>
      {() => (
        <Panel header="Who can log in where">
          <Text>The access matrix appears here.</Text>
        </Panel>
      )}
    </AppShell>
  );
}
