import { useEffect, useState } from "react";

/**
 * False for a component's first render, true once the browser has painted it (the frame after the commit). Controls
 * whose mounting costs a forced layout (BigDesign's Select and dropdowns measure themselves through floating-ui) can
 * mount just after the screen's first paint instead of delaying it.
 */
export function useAfterFirstPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // rAF runs before the next paint; the timeout it starts runs after that paint.
    const after = () => (timer = setTimeout(() => setPainted(true), 0));
    const frame = typeof requestAnimationFrame === "function" ? requestAnimationFrame(after) : (after(), undefined);
    return () => {
      if (frame !== undefined) cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return painted;
}
