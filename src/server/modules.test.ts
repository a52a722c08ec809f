// The modules of src/server keep to their rooms: what one module may import of another, and no
// cycle between them. Read from the import statements of each module's code (tests aside).
//
// A module is a folder of src/server. The layers below every module — access/, audit/, db/, http/
// — and the process files (app.ts, main.ts, cli.ts, …) are not modules here: every module may
// import them.
//
// Of another module, a module may import any file except:
//   queries.ts — its SQL is scoped and shaped for its own service; ask that service instead;
//   routes.ts  — only app.ts registers routes.
// So allowed are its service.ts (use cases), policy.ts (rules), present.ts (presenters and their
// types) and its domain files: pure tables and functions (courses/lifecycle.ts, files/files.ts)
// and the SQL rules shared on purpose (places/places.ts, catalog/card.ts, catalog/search.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SERVER = dirname(new URL(import.meta.url).pathname);
const BELOW_EVERY_MODULE = new Set(['access', 'audit', 'db', 'http']);
const PRIVATE_FILES = new Set(['queries.ts', 'routes.ts']);

type Import = { from: string; module: string; target: string; file: string };

const modules = readdirSync(SERVER, { withFileTypes: true })
  .filter((d) => d.isDirectory() && !BELOW_EVERY_MODULE.has(d.name))
  .map((d) => d.name);

function codeFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return codeFiles(path);
    return d.name.endsWith('.ts') && !d.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** Every import of another module's file, as `module → module/file`. */
const imports: Import[] = modules.flatMap((module) =>
  codeFiles(join(SERVER, module)).flatMap((path) => {
    const text = readFileSync(path, 'utf8');
    const specifiers = [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^;]*?\bfrom\s+'([^']+)'/g)].map(
      (m) => m[1] as string,
    );
    return specifiers.flatMap((specifier) => {
      if (!specifier.startsWith('.')) return [];
      const [target, ...rest] = relative(SERVER, resolve(dirname(path), specifier)).split('/');
      if (!target || rest.length === 0 || target === module || !modules.includes(target)) return [];
      return [
        {
          from: relative(SERVER, path),
          module,
          target,
          file: rest.join('/').replace(/\.js$/, '.ts'),
        },
      ];
    });
  }),
);

const graph = new Map(modules.map((m) => [m, new Set<string>()]));
for (const i of imports) graph.get(i.module)?.add(i.target);

/** A cycle of modules, as the path that closes it, or null. */
function findCycle(): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (m: string): string[] | null => {
    if (state.get(m) === 'done') return null;
    if (state.get(m) === 'open') return [...path.slice(path.indexOf(m)), m];
    state.set(m, 'open');
    path.push(m);
    for (const next of graph.get(m) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(m, 'done');
    return null;
  };
  for (const m of modules) {
    const cycle = visit(m);
    if (cycle) return cycle;
  }
  return null;
}

describe('modules of src/server', () => {
  it('reads the imports between modules', () => {
    // If these are not found the reading is broken, and the checks below would pass for nothing.
    expect(modules).toEqual(
      expect.arrayContaining(['applications', 'catalog', 'courses', 'files', 'places']),
    );
    expect(graph.get('courses')).toContain('applications');
    expect(graph.get('files')).toEqual(new Set(['catalog', 'courses', 'programs']));
  });

  it("never import another module's queries or routes", () => {
    const offending = imports
      .filter((i) => PRIVATE_FILES.has(i.file))
      .map((i) => `${i.from} imports ${i.target}/${i.file}`);
    expect(offending).toEqual([]);
  });

  it('never import each other', () => {
    const mutual = [...graph].flatMap(([m, targets]) =>
      [...targets].filter((t) => m < t && graph.get(t)?.has(m)).map((t) => `${m} ⇄ ${t}`),
    );
    expect(mutual).toEqual([]);
  });

  it('form no cycle', () => {
    expect(findCycle()?.join(' → ') ?? null).toBeNull();
  });
});
