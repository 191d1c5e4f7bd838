"use client";

import { Flex, ProgressCircle, Text } from "@bigcommerce/big-design";
import { Grid, ScrollArea, SkeletonBar } from "./styles";

/** The matrix's shape while the first page loads, so the screen does not jump when it arrives. */
export function MatrixSkeleton({ rows = 5, columns = 3 }: { rows?: number; columns?: number }) {
  return (
    <div role="status" aria-live="polite" data-testid="matrix-loading">
      <Flex alignItems="center" flexGap="0.5rem" marginBottom="small">
        <ProgressCircle size="xSmall" />
        <Text marginBottom="none">Loading customers and channels…</Text>
      </Flex>
      <ScrollArea aria-hidden>
        <Grid as="div">
          {Array.from({ length: rows }, (_, row) => (
            <Flex key={row} padding="small" flexGap="1.5rem">
              <SkeletonBar $width="12rem" />
              {Array.from({ length: columns }, (_, col) => (
                <SkeletonBar key={col} $width="8rem" />
              ))}
            </Flex>
          ))}
        </Grid>
      </ScrollArea>
    </div>
  );
}
