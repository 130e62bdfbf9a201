import { CREDENTIALS_REASON_CODES } from '@parley/protocol';

export interface LogFilter {
  outcome: '' | 'SUCCESS' | 'FAILURE';
  reason: string;
}

/** Outcome and reason filters of the authentication log. */
export function LogFilters({ filter, onChange }: { filter: LogFilter; onChange(next: LogFilter): void }) {
  return (
    <fieldset class="filters">
      <legend class="sr-only">Filters</legend>
      <div class="row">
        <label>
          Outcome
          <select
            value={filter.outcome}
            onChange={(event) => onChange({ ...filter, outcome: event.currentTarget.value as LogFilter['outcome'] })}
          >
            <option value="">All outcomes</option>
            <option value="SUCCESS">Success</option>
            <option value="FAILURE">Failure</option>
          </select>
        </label>
        <label>
          Reason
          <select value={filter.reason} onChange={(event) => onChange({ ...filter, reason: event.currentTarget.value })}>
            <option value="">All reasons</option>
            {CREDENTIALS_REASON_CODES.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </label>
        {(filter.outcome || filter.reason) && (
          <button type="button" class="small" onClick={() => onChange({ outcome: '', reason: '' })}>
            Clear filters
          </button>
        )}
      </div>
    </fieldset>
  );
}
