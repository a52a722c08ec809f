// The lifecycle table, enumerated: every (state, action) pair is either in the table or refused,
// the states and actions match the contract, and the date rules and guards do what they say.
import { describe, expect, it } from 'vitest';
import { COURSE_ACTIONS, COURSE_STATUSES } from '../../contract/catalog.js';
import {
  type CourseFacts,
  completenessProblems,
  EDITS,
  type LifecycleAction,
  SYSTEM_TRANSITIONS,
  TRANSITIONS,
  transitionOf,
} from './lifecycle.js';

const ACTIONS: LifecycleAction[] = [...COURSE_ACTIONS, 'start', 'finish'];

describe('the lifecycle table', () => {
  it('holds exactly these transitions', () => {
    const table = TRANSITIONS.map((t) => `${t.from} -${t.action}/${t.by}-> ${t.to}`);
    expect(table.sort()).toEqual(
      [
        'draft -publish/staff-> published',
        'published -close/staff-> closed',
        'published -close/system-> closed',
        'closed -start/system-> running',
        'running -finish/system-> finished',
        'finished -archive/staff-> archived',
        'draft -cancel/staff-> cancelled',
        'published -cancel/staff-> cancelled',
        'closed -cancel/staff-> cancelled',
      ].sort(),
    );
  });

  it('answers every (state, action, actor) with the table row or nothing', () => {
    for (const from of COURSE_STATUSES)
      for (const action of ACTIONS)
        for (const by of ['staff', 'system'] as const) {
          const row = TRANSITIONS.find((t) => t.from === from && t.action === action && t.by === by);
          expect(transitionOf(from, action, by), `${from} ${action} ${by}`).toBe(row);
        }
  });

  it('gives the staff only the API actions; the system moves on dates, except the start (the first group)', () => {
    for (const t of TRANSITIONS) {
      if (t.by === 'staff') expect(COURSE_ACTIONS).toContain(t.action);
      else if (t.action === 'start') expect(t.due, 'start').toBeUndefined();
      else expect(t.due, `${t.from} ${t.action}`).toBeDefined();
    }
    expect(SYSTEM_TRANSITIONS.map((t) => t.action)).toEqual(['close', 'finish']);
  });

  it('finishes only a course whose every learner has a result', () => {
    expect(TRANSITIONS.filter((t) => t.needsResults).map((t) => `${t.from} ${t.action}`)).toEqual([
      'running finish',
    ]);
  });

  it('reaches every state from draft, and archived and cancelled are final', () => {
    const reached = new Set<string>(['draft']);
    for (let grew = true; grew; ) {
      grew = false;
      for (const t of TRANSITIONS)
        if (reached.has(t.from) && !reached.has(t.to)) {
          reached.add(t.to);
          grew = true;
        }
    }
    expect([...reached].sort()).toEqual([...COURSE_STATUSES].sort());
    for (const final of ['archived', 'cancelled'] as const) {
      expect(TRANSITIONS.filter((t) => t.from === final)).toEqual([]);
      expect(EDITS[final]).toEqual([]);
    }
  });

  it('cancels only before the course runs, always with a reason', () => {
    const cancellable = TRANSITIONS.filter((t) => t.action === 'cancel');
    expect(cancellable.map((t) => t.from).sort()).toEqual(['closed', 'draft', 'published']);
    expect(cancellable.every((t) => t.needsReason)).toBe(true);
  });
});

describe('date rules', () => {
  it('closes after the deadline day, finishes after the last', () => {
    // In this order, so that one run may chain them; the job compares the dates in SQL
    // (queries.ts `moveDueCourses`), which jobs.test.ts runs across day boundaries.
    expect(SYSTEM_TRANSITIONS.map((t) => [t.action, t.due])).toEqual([
      ['close', { date: 'applyUntil', when: 'after' }],
      ['finish', { date: 'endsOn', when: 'after' }],
    ]);
  });
});

describe('completeness (the publish guard)', () => {
  const complete: CourseFacts = {
    startsOn: '2026-12-14',
    endsOn: '2026-12-16',
    applyUntil: '2026-12-07',
    capacity: 20,
    place: 'г. Пермь',
    distanceUrl: null,
    annotation: 'Аннотация',
    schedule: [{ date: '2026-12-14', startsAt: '10:00', endsAt: '12:00' }],
  };
  it('finds nothing missing in a complete course, a distance link standing for a place', () => {
    expect(completenessProblems(complete)).toEqual([]);
    expect(completenessProblems({ ...complete, place: '', distanceUrl: 'https://vk.com/call' })).toEqual([]);
  });
  it('names each missing or inconsistent field', () => {
    const fields = (c: Partial<CourseFacts>) =>
      completenessProblems({ ...complete, ...c }).map((p) => p.field);
    expect(fields({ schedule: [] })).toEqual(['schedule']);
    expect(fields({ schedule: [{ date: '2026-12-17', startsAt: '10:00', endsAt: '12:00' }] })).toEqual([
      'schedule.0.date',
    ]);
    expect(fields({ applyUntil: '2026-12-14' })).toEqual(['applyUntil']);
    expect(fields({ capacity: 0 })).toEqual(['capacity']);
    expect(fields({ place: '  ' })).toEqual(['place']);
    expect(fields({ annotation: '' })).toEqual(['program.annotation']);
    expect(fields({ endsOn: '2026-12-13', schedule: [] })).toEqual(['schedule', 'endsOn']);
  });
});
