import { useState } from 'preact/hooks';
import type { Gql } from '../console/api.js';
import { download } from '../console/download.js';
import type { ConversationTranscriptDocument } from '../generated/graphql.js';

const TRANSCRIPT =
  'query ConversationTranscript($id: ID!, $format: TranscriptFormat!) { conversation(id: $id) { transcript(format: $format) } }' as ConversationTranscriptDocument;

const FORMATS = [
  { format: 'TEXT', extension: 'txt', type: 'text/plain;charset=utf-8', label: 'Text' },
  { format: 'JSON', extension: 'json', type: 'application/json', label: 'JSON' },
] as const;

/** "Export": the whole conversation as a plain-text or JSON transcript file. */
export function TranscriptExport({ gql, id, onError }: { gql: Gql; id: string; onError(message: string): void }) {
  const [busy, setBusy] = useState(false);
  const save = async (choice: (typeof FORMATS)[number]) => {
    setBusy(true);
    try {
      const { transcript } = (await gql(TRANSCRIPT, { id, format: choice.format })).conversation;
      download(`conversation-${id}.${choice.extension}`, choice.type, transcript);
    } catch (failure) {
      onError((failure as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details class="export-menu">
      <summary class="small button-like">Export</summary>
      <div class="export-choices">
        {FORMATS.map((choice) => (
          <button key={choice.format} type="button" class="small" disabled={busy} onClick={() => void save(choice)}>
            Transcript ({choice.label})
          </button>
        ))}
      </div>
    </details>
  );
}
