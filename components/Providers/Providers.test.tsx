// @vitest-environment jsdom
import { render, screen } from "@testing-library/react";
import { Text } from "@bigcommerce/big-design";
import { describe, expect, it } from "vitest";
import { Providers } from "./Providers";

describe("Providers", () => {
  it("renders BigDesign components with the theme", () => {
    render(
      <Providers>
        <Text>Hello merchant</Text>
      </Providers>,
    );
    expect(screen.getByText("Hello merchant")).toBeTruthy();
  });
});
