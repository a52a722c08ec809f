// A table wider than a phone scrolls sideways inside its own region, never the page. Once it is
// actually wider than the screen, the region shows its scrollbar and becomes a named, focusable
// region, so that a keyboard can scroll a table that holds no link or button to tab to (WCAG
// 2.1.1; axe's scrollable-region-focusable). On a desktop, where the table fits, nothing changes.
import { Table } from '@mantine/core';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';

/**
 * A ScrollArea's props: its scrollbar shown, its viewport focusable and named by `label` while its
 * content overflows (a wide table sideways, a long thread of messages downwards).
 */
export function useScrollRegion(label: string) {
  // The viewport may mount after the component that asks (once its data has loaded): a callback
  // ref sees it whenever it appears; `element` is the same node for scrolling it from code.
  const element = useRef<HTMLDivElement | null>(null);
  const [node, setNode] = useState<HTMLDivElement | null>(null);
  const viewportRef = useCallback((el: HTMLDivElement | null) => {
    element.current = el;
    setNode(el);
  }, []);
  const [wide, setWide] = useState(false);
  useEffect(() => {
    if (!node) return;
    const measure = () =>
      setWide(node.scrollWidth > node.clientWidth + 1 || node.scrollHeight > node.clientHeight + 1);
    measure();
    // The viewport's own size changes with the screen; its content's with the rows shown.
    const observer = new ResizeObserver(measure);
    observer.observe(node);
    if (node.firstElementChild) observer.observe(node.firstElementChild);
    return () => observer.disconnect();
  }, [node]);
  const viewportProps = wide
    ? { tabIndex: 0, role: 'region', 'aria-label': label, className: 'wide-table' }
    : {};
  return { type: 'auto' as const, viewportRef, viewportProps, element };
}

export function WideTable({
  minWidth,
  label,
  children,
}: {
  /** The table's own width below which it scrolls. */
  minWidth: number;
  /** What the region holds, read out when it takes the focus (usually the table's caption). */
  label: string;
  children: ReactNode;
}) {
  const { type, viewportRef, viewportProps } = useScrollRegion(label);
  return (
    <Table.ScrollContainer minWidth={minWidth} scrollAreaProps={{ type, viewportRef, viewportProps }}>
      {children}
    </Table.ScrollContainer>
  );
}
