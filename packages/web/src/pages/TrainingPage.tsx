/** AI-literacy modules (AI Act Art. 4): list with status, then a module's text and its quiz. */
import { useState, type FormEvent } from 'react';
import { trainingApi } from '../api/endpoints.ts';
import type { AttemptResult, TrainingModule } from '../api/types.ts';
import { ErrorNotice } from '../components/ErrorNotice.tsx';
import { Link } from '../components/Link.tsx';
import { useAsync } from '../components/useAsync.ts';
import { usePageTitle } from '../components/usePageTitle.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Markdown } from '../markdown/Markdown.tsx';

const percent = (score: number) => Math.round(score * 100);

export function TrainingListPage() {
  const { t } = useI18n();
  const headingRef = usePageTitle(t('trainingPage.title'));
  const modules = useAsync(() => trainingApi.modules(), []);
  return (
    <div className="page page-narrow">
      <h1 ref={headingRef} tabIndex={-1}>
        {t('trainingPage.title')}
      </h1>
      <p className="lead">{t('trainingPage.intro')}</p>
      <ErrorNotice error={modules.error} onRetry={modules.reload} />
      {modules.data && modules.data.items.length === 0 && <p>{t('trainingPage.none')}</p>}
      <ul className="module-list">
        {modules.data?.items.map((module) => (
          <li key={module.id} className="card">
            <h2>{module.title}</h2>
            {module.summary && <p>{module.summary}</p>}
            <p className="meta">{t('trainingPage.questions', { count: module.questionCount, score: percent(module.passScore) })}</p>
            {module.requiredFor.length > 0 && <p className="meta">{t('training.requiredFor', { models: module.requiredFor.join(', ') })}</p>}
            {module.completed && (
              <p className={module.completed.passed ? 'result-correct' : 'result-incorrect'}>
                {module.completed.passed ? t('trainingPage.passed', { score: percent(module.completed.score) }) : t('trainingPage.failed', { score: percent(module.completed.score) })}
              </p>
            )}
            <Link className="button button-primary" href={`/training/${module.id}`}>
              {module.completed ? t('trainingPage.retake') : t('trainingPage.start')}
            </Link>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function TrainingModulePage({ moduleId }: { moduleId: string }) {
  const { t } = useI18n();
  const module = useAsync(() => trainingApi.module(moduleId), [moduleId]);
  const headingRef = usePageTitle(module.data?.title ?? t('trainingPage.title'));
  return (
    <div className="page page-narrow">
      <p>
        <Link href="/training">← {t('trainingPage.title')}</Link>
      </p>
      <ErrorNotice error={module.error} onRetry={module.reload} />
      {module.loading && !module.data && <p role="status">{t('app.loading')}</p>}
      <h1 ref={headingRef} tabIndex={-1}>
        {module.data?.title ?? t('trainingPage.title')}
      </h1>
      {module.data && (
        <>
          <div className="card">
            <Markdown source={module.data.contentMarkdown} />
          </div>
          <Quiz module={module.data} />
        </>
      )}
    </div>
  );
}

function Quiz({ module }: { module: TrainingModule }) {
  const { t } = useI18n();
  const [answers, setAnswers] = useState<Record<string, number>>({});
  const [result, setResult] = useState<AttemptResult>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [incomplete, setIncomplete] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (module.questions.some((question) => answers[question.id] === undefined)) {
      setIncomplete(true);
      return;
    }
    setIncomplete(false);
    setBusy(true);
    setError(undefined);
    try {
      setResult(await trainingApi.attempt(module.id, answers));
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  }

  const correctness = new Map(result?.results.map((entry) => [entry.questionId, entry.correct]));
  return (
    <form className="card form" onSubmit={submit} aria-labelledby="quiz-title">
      <h2 id="quiz-title">{t('trainingPage.quiz')}</h2>
      {module.questions.map((question, index) => (
        <fieldset key={question.id} className="quiz-question">
          <legend>
            {index + 1}. {question.prompt}
          </legend>
          {question.choices.map((choice, choiceIndex) => (
            <label key={choiceIndex} className="quiz-choice">
              <input
                type="radio"
                name={`question-${question.id}`}
                checked={answers[question.id] === choiceIndex}
                onChange={() => setAnswers((previous) => ({ ...previous, [question.id]: choiceIndex }))}
              />
              {choice}
            </label>
          ))}
          {correctness.has(question.id) && (
            <p className={correctness.get(question.id) ? 'result-correct' : 'result-incorrect'}>
              {correctness.get(question.id) ? t('trainingPage.correct') : t('trainingPage.incorrect')}
            </p>
          )}
        </fieldset>
      ))}
      {incomplete && (
        <p className="notice notice-error" role="alert">
          {t('trainingPage.answerAll')}
        </p>
      )}
      <ErrorNotice error={error} />
      {result && (
        <p className={result.passed ? 'notice notice-success' : 'notice notice-error'} role="status">
          {result.passed
            ? t('trainingPage.resultPassed', { score: percent(result.score) })
            : t('trainingPage.resultFailed', { score: percent(result.score), pass: percent(module.passScore) })}
        </p>
      )}
      <div className="row-actions">
        <button type="submit" className="button-primary" disabled={busy}>
          {t('trainingPage.submit')}
        </button>
        {result?.passed && <Link href="/chat">{t('common.backToChat')}</Link>}
      </div>
    </form>
  );
}
