import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crossCheckDemoData, DEMO_DATA, DEMO_DATA_FILES, type DemoDataFile, parseDemoData } from './data.js';

const dir = new URL('./data/', import.meta.url);
const read = (file: string): unknown => JSON.parse(readFileSync(new URL(file, dir), 'utf8'));

/** The parsed file with one value set (undefined: removed) at a path of keys and indexes. */
function withTypo(json: unknown, path: (string | number)[], value: unknown): unknown {
  let node = json as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  if (value === undefined) delete node[path.at(-1)!];
  else node[path.at(-1)!] = value;
  return json;
}

describe('demo data files', () => {
  it('are all read, and every one is valid', () => {
    const onDisk = readdirSync(dir).filter((f) => f.endsWith('.json'));
    expect([...DEMO_DATA_FILES].sort()).toEqual(onDisk.sort());
    for (const file of DEMO_DATA_FILES) expect(() => parseDemoData(file, read(file)), file).not.toThrow();
    expect(crossCheckDemoData(DEMO_DATA)).toEqual([]);
  });

  it.each<[DemoDataFile, (string | number)[], unknown, RegExp]>([
    ['programs.json', [3, 'form'], 'fulltime', /programs\.json[\s\S]*at \[3\]\.form/],
    ['programs.json', [0, 'hour'], 36, /programs\.json[\s\S]*"hour"/],
    [
      'providers.json',
      [1, 'departments', 0, 'head'],
      undefined,
      /providers\.json[\s\S]*\[1\]\.departments\[0\]\.head/,
    ],
    ['courses.json', ['pinnedDates', 'running', 'startInDays'], 'вчера', /pinnedDates\.running\.startInDays/],
    [
      'conversations.json',
      ['threads', 0, 'messages', 1, 'from'],
      'teacher',
      /threads\[0\]\.messages\[1\]\.from/,
    ],
    ['names.json', ['patronymics', 0], ['Иванович', 'Ивановна'], /names\.json[\s\S]*patronymics\[0\]/],
  ])('a typo in %s at %j stops the demo with the file and the place', (file, path, value, message) => {
    expect(() => parseDemoData(file, withTypo(read(file), path, value))).toThrow(message);
  });

  it('names, for a reference to another file that is not there, the file and the place', () => {
    const data = structuredClone(DEMO_DATA);
    data.programs[5]!.department = 'dooo';
    data.courses.soleManager = 'manager3.doo';
    expect(crossCheckDemoData(data)).toEqual([
      'programs.json [5].department: нет подразделения «dooo» в providers.json',
      'courses.json soleManager: «manager3.doo» нет среди руководителей курсов в providers.json',
    ]);
  });
});
