// Loads a form from the server's data when that part of it changes: a course page has several
// forms over one course object, and saving one must not discard what is typed in another.
import { useEffect } from 'react';

export function useSync(source: unknown, load: () => void) {
  const key = JSON.stringify(source);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the source's content
  useEffect(load, [key]);
}
