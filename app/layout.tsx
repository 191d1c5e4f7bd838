import type { Metadata } from "next";
import type { ReactNode } from "react";
import { Providers } from "@/components/Providers/Providers";
import { StyledComponentsRegistry } from "@/components/StyledComponentsRegistry/StyledComponentsRegistry";

export const metadata: Metadata = {
  title: "Channel Access",
  description: "See and change which storefront channels each customer may log in to.",
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <StyledComponentsRegistry>
          <Providers>{children}</Providers>
        </StyledComponentsRegistry>
      </body>
    </html>
  );
}
