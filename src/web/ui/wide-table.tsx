// A table wider than a phone scrolls sideways inside its own region, never the page. Once it is
// actually wider than the screen, the region shows its scrollbar and becomes a named, focusable
// region, so that a keyboard can scroll a table that holds no link or button to tab to (WCAG
// 2.1.1; axe's scrollable-region-focusable). On a desktop, where the table fits, nothing changes.
import { Table } from '@mantine/core';
import { type ReactNode, useEffect, useRef, useState } from 'react';

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
  const viewport = useRef<HTMLDivElement>(null);
  const [wide, setWide] = useState(false);
  useEffect(() => {
    const el = viewport.current;
    if (!el) return;
    const measure = () => setWide(el.scrollWidth > el.clientWidth + 1);
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return (
    <Table.ScrollContainer
      minWidth={minWidth}
      scrollAreaProps={{
        type: 'auto',
        viewportRef: viewport,
        viewportProps: wide
          ? { tabIndex: 0, role: 'region', 'aria-label': label, className: 'wide-table' }
          : undefined,
      }}
    >
      {children}
    </Table.ScrollContainer>
  );
}
