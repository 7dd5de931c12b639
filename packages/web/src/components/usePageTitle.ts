import { useEffect, useRef } from 'react';

/**
 * Sets the document title and moves focus to the page's heading when the page changes, so a
 * screen-reader user hears where they landed after an in-app navigation.
 */
export function usePageTitle(title: string) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Rempart`;
  }, [title]);
  useEffect(() => {
    headingRef.current?.focus({ preventScroll: true });
  }, []);
  return headingRef;
}
