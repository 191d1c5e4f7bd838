import { useEffect, useState, useSyncExternalStore } from "react";

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

const noSubscription = () => () => {};

/**
 * False on the server and while the browser hydrates the server's HTML, true from the render after. For BigDesign
 * widgets that touch `document` while rendering (Tooltip portals into document.body): the server and the hydrating
 * render draw their trigger alone, and the widget takes over once the page is live.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    noSubscription,
    () => true,
    () => false,
  );
}
