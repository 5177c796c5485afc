/** The activity filters between the URL, the form and the API path: malformed URL values dropped, ranges checked. */
import { activityApiPath, filtersFromQuery, filtersToQuery, isDay, validateFilters } from './activity-filters';

describe('activity filters', () => {
  it('reads well-formed filters from the URL and drops the rest', () => {
    expect(filtersFromQuery({ status: 'needs_attention', from: '2026-03-01', to: '2026-03-31', order: ' 104 ', exchange: 'x' })).toEqual({
      status: 'needs_attention',
      from: '2026-03-01',
      to: '2026-03-31',
      order: '104',
    });
    expect(filtersFromQuery({ status: 'bogus', from: '2026-02-30', to: ['2026-03-01', '2026-03-02'], order: '12a' })).toEqual({ from: '', to: '', order: '' });
    expect(filtersFromQuery({ status: 'toString' })).toEqual({ from: '', to: '', order: '' });
    // A reversed range keeps its start only.
    expect(filtersFromQuery({ from: '2026-03-10', to: '2026-03-01' })).toEqual({ from: '2026-03-10', to: '', order: '' });
  });

  it('writes only what is set, and builds the API path with the page cursor', () => {
    expect(filtersToQuery({ from: '', to: '', order: '' })).toEqual({});
    expect(filtersToQuery({ status: 'dead', from: '2026-03-01', to: '', order: '7' })).toEqual({ status: 'dead', from: '2026-03-01', order: '7' });
    expect(activityApiPath({ status: 'done', from: '', to: '2026-03-31', order: '' }, 'abc_-1', 25)).toBe(
      '/api/app/activity?status=done&to=2026-03-31&limit=25&cursor=abc_-1',
    );
    expect(activityApiPath({ from: '', to: '', order: '' }, undefined, 10)).toBe('/api/app/activity?limit=10');
  });

  it('explains what is wrong with a filter, on its field', () => {
    expect(validateFilters({ from: '2026-03-02', to: '2026-03-01', order: '' })).toEqual({ to: 'The end date must not be before the start date.' });
    expect(validateFilters({ from: '2026-13-01', to: '', order: '1 2' })).toEqual({ from: 'Enter a date as YYYY-MM-DD.', order: 'An order number has digits only.' });
    expect(validateFilters({ from: '2026-03-01', to: '2026-03-01', order: ' 99 ' })).toEqual({});
    expect([isDay('2024-02-29'), isDay('2026-02-29'), isDay('2026-2-1')]).toEqual([true, false, false]);
  });
});
