/** Training modules (Markdown + quiz with the right answers, required for some models) and results. */
import { useState, type FormEvent } from 'react';
import { adminApi, trainingApi, type TrainingModuleInput } from '../api/endpoints.ts';
import type { TrainingModuleSummary } from '../api/types.ts';
import { ConfirmDialog } from '../components/ConfirmDialog.tsx';
import { ErrorNotice, SuccessNotice } from '../components/ErrorNotice.tsx';
import { useAsync } from '../components/useAsync.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatDate } from '../pages/format.ts';

interface QuestionDraft {
  prompt: string;
  choicesText: string;
  /** 1-based, as people count. */
  answer: number;
}

const EMPTY_QUESTION: QuestionDraft = { prompt: '', choicesText: '', answer: 1 };

export function TrainingSection({ readOnly }: { readOnly: boolean }) {
  const { t, language } = useI18n();
  const modules = useAsync(() => trainingApi.modules(), []);
  const report = useAsync(() => adminApi.trainingReport(), []);
  const [editing, setEditing] = useState<{ id?: string; initial: TrainingModuleInput }>();
  const [deleting, setDeleting] = useState<TrainingModuleSummary>();
  const [error, setError] = useState<unknown>();
  const [message, setMessage] = useState<string>();

  async function openEditor(summary?: TrainingModuleSummary) {
    setError(undefined);
    if (!summary) {
      setEditing({ initial: { title: '', contentMarkdown: '', passScore: 0.8, questions: [], requiredFor: [] } });
      return;
    }
    try {
      const module = await trainingApi.module(summary.id);
      // Answers are never sent to browsers: the admin sets them again when editing questions.
      setEditing({
        id: summary.id,
        initial: {
          title: module.title,
          summary: summary.summary ?? undefined,
          contentMarkdown: module.contentMarkdown,
          passScore: module.passScore,
          requiredFor: summary.requiredFor,
          questions: module.questions.map((question) => ({ prompt: question.prompt, choices: question.choices, answer: -1 })),
        },
      });
    } catch (failure) {
      setError(failure);
    }
  }

  async function save(body: TrainingModuleInput) {
    setError(undefined);
    setMessage(undefined);
    try {
      if (editing?.id) await adminApi.updateModule(editing.id, body);
      else await adminApi.createModule(body);
      setEditing(undefined);
      setMessage(t('common.saved'));
      modules.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  const titles = new Map(modules.data?.items.map((module) => [module.id, module.title]));
  return (
    <section aria-labelledby="admin-training-title">
      <h2 id="admin-training-title">{t('admin.training')}</h2>
      <ErrorNotice error={modules.error} onRetry={modules.reload} />
      <ErrorNotice error={error} />
      <SuccessNotice message={message} />
      <h3>{t('adminTraining.modules')}</h3>
      {!readOnly && !editing && (
        <button type="button" className="button-primary" onClick={() => void openEditor()}>
          {t('adminTraining.new')}
        </button>
      )}
      {editing && <ModuleEditor initial={editing.initial} onSave={save} onCancel={() => setEditing(undefined)} />}
      <ul className="module-list">
        {modules.data?.items.map((module) => (
          <li key={module.id} className="card">
            <strong>{module.title}</strong>
            <p className="meta">
              {t('trainingPage.questions', { count: module.questionCount, score: Math.round(module.passScore * 100) })}
              {module.requiredFor.length > 0 && ` · ${t('training.requiredFor', { models: module.requiredFor.join(', ') })}`}
            </p>
            {!readOnly && (
              <div className="row-actions">
                <button type="button" className="button-secondary button-small" onClick={() => void openEditor(module)}>
                  {t('common.edit')}
                </button>
                <button type="button" className="button-quiet button-small" onClick={() => setDeleting(module)}>
                  {t('common.delete')}
                </button>
              </div>
            )}
          </li>
        ))}
      </ul>
      <h3>{t('adminTraining.report')}</h3>
      <ErrorNotice error={report.error} onRetry={report.reload} />
      {report.data && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('adminCharter.user')}</th>
                <th scope="col">{t('adminTraining.module')}</th>
                <th scope="col">{t('adminTraining.score')}</th>
                <th scope="col">{t('common.status')}</th>
                <th scope="col">{t('adminCharter.acceptedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {report.data.items.map((row) => (
                <tr key={`${row.user.id}-${row.moduleId}`}>
                  <td>{row.user.email}</td>
                  <td>{titles.get(row.moduleId) ?? row.moduleId}</td>
                  <td>{Math.round(row.score * 100)} %</td>
                  <td>{row.passed ? t('trainingPage.passed', { score: Math.round(row.score * 100) }) : t('trainingPage.failed', { score: Math.round(row.score * 100) })}</td>
                  <td>{formatDate(row.completedAt, language)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ConfirmDialog
        open={deleting !== undefined}
        message={t('adminTraining.deleteConfirm', { title: deleting?.title ?? '' })}
        confirmLabel={t('common.delete')}
        onCancel={() => setDeleting(undefined)}
        onConfirm={() => {
          const module = deleting;
          setDeleting(undefined);
          if (module)
            adminApi.deleteModule(module.id).then(
              () => modules.reload(),
              (failure: unknown) => setError(failure),
            );
        }}
      />
    </section>
  );
}

function ModuleEditor({ initial, onSave, onCancel }: { initial: TrainingModuleInput; onSave(body: TrainingModuleInput): Promise<void>; onCancel(): void }) {
  const { t } = useI18n();
  const [title, setTitle] = useState(initial.title);
  const [summary, setSummary] = useState(initial.summary ?? '');
  const [content, setContent] = useState(initial.contentMarkdown);
  const [passPercent, setPassPercent] = useState(Math.round(initial.passScore * 100));
  const [requiredFor, setRequiredFor] = useState((initial.requiredFor ?? []).join(', '));
  const [questions, setQuestions] = useState<QuestionDraft[]>(
    initial.questions.map((question) => ({ prompt: question.prompt, choicesText: question.choices.join('\n'), answer: question.answer + 1 })),
  );

  const update = (index: number, patch: Partial<QuestionDraft>) =>
    setQuestions((previous) => previous.map((question, at) => (at === index ? { ...question, ...patch } : question)));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSave({
      title: title.trim(),
      summary: summary.trim() || undefined,
      contentMarkdown: content,
      passScore: Math.min(100, Math.max(0, passPercent)) / 100,
      requiredFor: requiredFor
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean),
      questions: questions.map((question) => ({
        prompt: question.prompt.trim(),
        choices: question.choicesText
          .split('\n')
          .map((line) => line.trim())
          .filter(Boolean),
        answer: question.answer - 1,
      })),
    });
  };

  return (
    <form className="card form" onSubmit={submit} aria-label={initial.title ? t('adminTraining.edit', { title: initial.title }) : t('adminTraining.new')}>
      <div className="field">
        <label htmlFor="module-title">{t('adminTraining.titleField')}</label>
        <input id="module-title" required value={title} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="module-summary">{t('adminTraining.summary')}</label>
        <input id="module-summary" value={summary} onChange={(e) => setSummary(e.target.value)} />
      </div>
      <div className="field">
        <label htmlFor="module-content">{t('adminTraining.content')}</label>
        <textarea id="module-content" rows={8} required value={content} onChange={(e) => setContent(e.target.value)} />
      </div>
      <div className="inline-form">
        <div className="field">
          <label htmlFor="module-pass">{t('adminTraining.passScore')}</label>
          <input id="module-pass" type="number" min={0} max={100} value={passPercent} onChange={(e) => setPassPercent(Number(e.target.value))} />
        </div>
        <div className="field">
          <label htmlFor="module-required">{t('adminTraining.requiredFor')}</label>
          <input id="module-required" value={requiredFor} onChange={(e) => setRequiredFor(e.target.value)} />
        </div>
      </div>
      <h4>{t('adminTraining.questions')}</h4>
      {questions.map((question, index) => (
        <fieldset key={index} className="quiz-question">
          <legend>{t('adminTraining.question', { n: index + 1 })}</legend>
          <div className="field">
            <label htmlFor={`question-${index}-prompt`}>{t('adminTraining.prompt')}</label>
            <input id={`question-${index}-prompt`} required value={question.prompt} onChange={(e) => update(index, { prompt: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`question-${index}-choices`}>{t('adminTraining.choices')}</label>
            <textarea id={`question-${index}-choices`} rows={3} required value={question.choicesText} onChange={(e) => update(index, { choicesText: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor={`question-${index}-answer`}>{t('adminTraining.answer')}</label>
            <input
              id={`question-${index}-answer`}
              type="number"
              min={1}
              required
              value={question.answer > 0 ? question.answer : ''}
              onChange={(e) => update(index, { answer: Number(e.target.value) })}
            />
          </div>
          <button type="button" className="button-quiet button-small" onClick={() => setQuestions((previous) => previous.filter((_, at) => at !== index))}>
            {t('adminTraining.removeQuestion')}
          </button>
        </fieldset>
      ))}
      <div className="row-actions">
        <button type="button" className="button-secondary" onClick={() => setQuestions((previous) => [...previous, { ...EMPTY_QUESTION }])}>
          {t('adminTraining.addQuestion')}
        </button>
        <button type="submit" className="button-primary">
          {t('common.save')}
        </button>
        <button type="button" className="button-quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
