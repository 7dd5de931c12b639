/**
 * Adding documents: files from the picker or dropped on the zone, a title each, the groups to
 * share with; then each file is sent (bytes sent shown), and its processing followed (pages
 * done) until it is ready, quarantined or failed. A refused file says why; the others go on.
 */
import { useEffect, useId, useReducer, useRef, useState, type DragEvent } from 'react';
import { adminApi, documentsApi } from '../api/endpoints.ts';
import { uploadDocument } from '../api/upload.ts';
import { useSignedIn } from '../app/session.tsx';
import { Link } from '../components/Link.tsx';
import { useAsync } from '../components/useAsync.ts';
import { useI18n, type Translate } from '../i18n/i18n.tsx';
import { formatBytes } from '../pages/format.ts';
import { SensitiveChips } from './DocumentBits.tsx';
import {
  isFinalStatus,
  isFinished,
  phaseProgress,
  pollDelayMs,
  runWithLimit,
  uploadErrorOf,
  uploadErrorText,
  uploadReducer,
  type UploadError,
  type UploadItem,
} from './upload-queue.ts';

/** Two files at a time, as the server's ingester processes them. */
const PARALLEL_UPLOADS = 2;
const MAX_POLL_FAILURES = 5;
const ACCEPTED_FILES = '.pdf,.docx,.pptx,.xlsx,.html,.htm,.md,.markdown,.txt,.text,.csv,.eml';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function UploadPanel({ onChanged }: { onChanged(): void }) {
  const { t, language } = useI18n();
  const session = useSignedIn();
  const [items, dispatch] = useReducer(uploadReducer, []);
  const filesRef = useRef(new Map<string, File>());
  const inputRef = useRef<HTMLInputElement>(null);
  const mountedRef = useRef(true);
  const [dragging, setDragging] = useState(false);
  const [running, setRunning] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [chosenGroups, setChosenGroups] = useState<string[]>([]);
  const groupsId = useId();

  useEffect(() => {
    mountedRef.current = true;
    return () => {
      mountedRef.current = false;
    };
  }, []);

  // Members share with their own groups; administrators (verified) with any group.
  const mayListAllGroups = session.user.role === 'admin' && session.mfa === 'verified';
  const allGroups = useAsync(
    () => (mayListAllGroups ? adminApi.groups().then((result) => result.items.map((group) => group.name), () => []) : Promise.resolve([])),
    [mayListAllGroups],
  );
  const groups = [...new Set([...session.user.groups, ...(allGroups.data ?? [])])].sort((a, b) => a.localeCompare(b));

  function addFiles(list: FileList | null) {
    if (!list || list.length === 0) return;
    const files = [...list].map((file) => {
      const key = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
      filesRef.current.set(key, file);
      return { key, fileName: file.name, sizeBytes: file.size };
    });
    dispatch({ type: 'add', files });
  }

  async function uploadOne(item: UploadItem, groupsToShare: string[]) {
    const file = filesRef.current.get(item.key);
    if (!file) return;
    dispatch({ type: 'start', key: item.key });
    let finalItemLabel: string;
    try {
      const result = await uploadDocument(file, { title: item.title, groups: groupsToShare }, (sentBytes) =>
        dispatch({ type: 'progress', key: item.key, sentBytes }),
      );
      dispatch({ type: 'accepted', key: item.key, document: result.document, duplicate: result.duplicate });
      onChanged();
      let document = result.document;
      let attempt = 0;
      let failures = 0;
      while (!isFinalStatus(document.status) && mountedRef.current) {
        await sleep(pollDelayMs(attempt++));
        try {
          document = (await documentsApi.get(document.id)).document;
          failures = 0;
          dispatch({ type: 'status', key: item.key, document });
        } catch (error) {
          if (++failures >= MAX_POLL_FAILURES) throw error;
        }
      }
      finalItemLabel = t(`documents.phase.${document.status === 'ready' ? 'ready' : document.status === 'quarantined' ? 'quarantined' : 'failed'}`);
      onChanged();
    } catch (error) {
      dispatch({ type: 'failed', key: item.key, error: uploadErrorOf(error) });
      finalItemLabel = t('documents.phase.failed');
    } finally {
      filesRef.current.delete(item.key);
    }
    if (mountedRef.current) setAnnouncement(`${item.fileName} : ${finalItemLabel}`);
  }

  async function sendAll() {
    const pending = items.filter((item) => item.phase === 'pending');
    if (pending.length === 0) return;
    setRunning(true);
    const groupsToShare = [...chosenGroups];
    await runWithLimit(pending, PARALLEL_UPLOADS, (item) => uploadOne(item, groupsToShare));
    if (mountedRef.current) setRunning(false);
  }

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    addFiles(event.dataTransfer.files);
  };

  const pendingCount = items.filter((item) => item.phase === 'pending').length;
  const finishedCount = items.filter(isFinished).length;

  return (
    <section className="card upload-panel" aria-labelledby="upload-title">
      <h2 id="upload-title">{t('documents.add')}</h2>
      <div
        className={dragging ? 'drop-zone drop-zone-active' : 'drop-zone'}
        data-testid="drop-zone"
        onDragEnter={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragOver={(event) => {
          event.preventDefault();
          event.dataTransfer.dropEffect = 'copy';
        }}
        onDragLeave={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget as Node | null)) setDragging(false);
        }}
        onDrop={onDrop}
      >
        <p>
          {t('documents.dropZone')}{' '}
          <button type="button" className="button-secondary" onClick={() => inputRef.current?.click()}>
            {t('documents.choose')}
          </button>
        </p>
        <p className="hint">{t('documents.formats')}</p>
        <input
          ref={inputRef}
          type="file"
          multiple
          accept={ACCEPTED_FILES}
          className="visually-hidden"
          tabIndex={-1}
          aria-label={t('documents.fileInput')}
          data-testid="document-file-input"
          onChange={(event) => {
            addFiles(event.target.files);
            event.target.value = ''; // choosing the same file again still fires
          }}
        />
      </div>

      <fieldset className="share-groups" aria-describedby={`${groupsId}-hint`}>
        <legend>{t('documents.shareWith')}</legend>
        {groups.length === 0 ? (
          <p id={`${groupsId}-hint`} className="hint">
            {t('documents.noGroups')}
          </p>
        ) : (
          <>
            <div className="group-choices">
              {groups.map((group) => (
                <label key={group} className="group-choice">
                  <input
                    type="checkbox"
                    checked={chosenGroups.includes(group)}
                    onChange={(event) =>
                      setChosenGroups((previous) => (event.target.checked ? [...previous, group] : previous.filter((name) => name !== group)))
                    }
                  />
                  {group}
                </label>
              ))}
            </div>
            <p id={`${groupsId}-hint`} className="hint" aria-live="polite">
              {chosenGroups.length === 0 ? t('documents.shareHint') : t('documents.shareChosen', { groups: [...chosenGroups].sort().join(', ') })}
            </p>
          </>
        )}
      </fieldset>

      {items.length > 0 && (
        <>
          <h3>{t('documents.queue')}</h3>
          <ul className="upload-list" data-testid="upload-list">
            {items.map((item) => (
              <UploadRow key={item.key} item={item} onTitle={(title) => dispatch({ type: 'title', key: item.key, title })} onRemove={() => dispatch({ type: 'remove', key: item.key })} language={language} />
            ))}
          </ul>
        </>
      )}
      <div className="row-actions">
        <button type="button" className="button-primary" onClick={() => void sendAll()} disabled={pendingCount === 0 || running}>
          {t('documents.send')}
          {pendingCount > 0 ? ` (${pendingCount})` : ''}
        </button>
        {finishedCount > 0 && (
          <button type="button" className="button-quiet" onClick={() => dispatch({ type: 'clearFinished' })}>
            {t('documents.clearFinished')}
          </button>
        )}
      </div>
      <p className="visually-hidden" role="status">
        {announcement}
      </p>
    </section>
  );
}

function UploadRow({ item, onTitle, onRemove, language }: { item: UploadItem; onTitle(title: string): void; onRemove(): void; language: 'fr' | 'en' }) {
  const { t } = useI18n();
  const titleId = useId();
  const progress = phaseProgress(item);
  const status =
    item.phase === 'uploading'
      ? t('documents.phase.uploading', { percent: progress ?? 0 })
      : item.phase === 'processing' && item.pages?.total
        ? t('documents.phase.processingPages', { processed: item.pages.processed, total: item.pages.total })
        : t(`documents.phase.${item.phase}`);
  return (
    <li className={`upload-item upload-${item.phase}`} data-testid="upload-item" data-phase={item.phase}>
      <div className="upload-head">
        <span className="upload-name">{item.fileName}</span>
        <span className="meta">{formatBytes(item.sizeBytes, language)}</span>
        <span className="upload-phase" data-testid="upload-phase">
          {status}
        </span>
        {item.phase === 'pending' && (
          <button type="button" className="button-quiet button-small" onClick={onRemove} aria-label={t('documents.removeFile', { name: item.fileName })}>
            {t('common.delete')}
          </button>
        )}
      </div>
      {item.phase === 'pending' && (
        <div className="field upload-title">
          <label htmlFor={titleId} className="visually-hidden">
            {t('documents.fileTitle', { name: item.fileName })}
          </label>
          <input id={titleId} maxLength={300} value={item.title} placeholder={t('documents.titlePlaceholder')} onChange={(event) => onTitle(event.target.value)} />
        </div>
      )}
      {item.phase !== 'pending' && item.phase !== 'failed' && (
        <progress
          className="upload-progress"
          max={100}
          {...(progress === undefined ? {} : { value: progress })}
          aria-label={t('documents.progressLabel', { name: item.fileName })}
        />
      )}
      {item.duplicate && <p className="hint">{t('documents.duplicate')}</p>}
      {item.error && <UploadErrorNotice error={item.error} t={t} />}
      {(item.phase === 'ready' || item.phase === 'quarantined') && item.documentId && (
        <div className="upload-result">
          {item.sensitive && <SensitiveChips sensitive={item.sensitive} />}
          <Link href={`/documents/${item.documentId}`}>{t('documents.open', { title: item.title.trim() || item.fileName })}</Link>
        </div>
      )}
    </li>
  );
}

function UploadErrorNotice({ error, t }: { error: UploadError; t: Translate }) {
  const { reason, detail } = uploadErrorText(error, t);
  return (
    <div className="notice notice-error upload-error" role="alert" data-code={error.code}>
      <p>{reason}</p>
      {detail && <p className="upload-error-detail">{t('error.details', { detail })}</p>}
    </div>
  );
}
