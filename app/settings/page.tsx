"use client";

import { AppShell } from "@/components/AppShell/AppShell";
import { StorefrontLoginSettings } from "@/components/StorefrontLoginSettings/StorefrontLoginSettings";

// The app's settings: for now, who may sign in on a storefront as a customer (the store owner decides).
export default function SettingsPage() {
  return <AppShell>{() => <StorefrontLoginSettings />}</AppShell>;
}
