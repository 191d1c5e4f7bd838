"use client";

import { Flex, ProgressCircle, Text } from "@bigcommerce/big-design";
import { Grid, ScrollArea, SkeletonBar } from "./styles";

/** The matrix's shape while the first page loads (rows of the grid's height), so the screen does not jump. */
export function MatrixSkeleton({ rows = 8, columns = 3 }: { rows?: number; columns?: number }) {
  return (
    <div role="status" aria-live="polite" data-testid="matrix-loading">
      <Flex alignItems="center" flexGap="0.5rem" marginBottom="xSmall">
        <ProgressCircle size="xSmall" />
        <Text marginBottom="none">Loading customers and storefronts…</Text>
      </Flex>
      <ScrollArea aria-hidden>
        <Grid as="div">
          {Array.from({ length: rows }, (_, row) => (
            <Flex key={row} padding="xSmall" flexGap="1.5rem">
              <SkeletonBar $width="11rem" />
              {Array.from({ length: columns }, (_, col) => (
                <SkeletonBar key={col} $width="3.5rem" />
              ))}
            </Flex>
          ))}
        </Grid>
      </ScrollArea>
    </div>
  );
}
