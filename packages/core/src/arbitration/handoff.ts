// Agent-initiated hand-off over opencode's built-in `question` tool: the agent asks a question
// with header "Hand-off" (the marker) and options Done / Couldn't; the UI shows a card, the human
// takes control, then answers. The agent's `question` call blocks until then, and it continues
// with the answer as the tool result. No extra server or plugin is needed.
import type { QuestionInfo, QuestionRequest } from '@opencode-ai/sdk/v2/types';

/** The `header` that marks a hand-off question (compared case-insensitively, "Handoff" also accepted). */
export const HANDOFF_HEADER = 'Hand-off';
/** Alternative marker for models that put everything in the question text: "[hand-off] reason". */
export const HANDOFF_PREFIX = '[hand-off]';
export const HANDOFF_DONE = 'Done';
export const HANDOFF_FAILED = "Couldn't";

export type HandoffResult = 'done' | 'failed';

const isMarkerHeader = (header: unknown) => typeof header === 'string' && /^hand-?off$/i.test(header.trim());
const hasPrefix = (question: unknown) => typeof question === 'string' && question.trim().toLowerCase().startsWith(HANDOFF_PREFIX);

/** Whether a pending `question` request is a hand-off (by its first question's header or text marker). */
export function isHandoffQuestion(request: Pick<QuestionRequest, 'questions'>): boolean {
  const first = request.questions?.[0];
  return !!first && (isMarkerHeader(first.header) || hasPrefix(first.question));
}

/** The reason the agent gave, without the marker. */
export function handoffReason(request: Pick<QuestionRequest, 'questions'>): string {
  const text = request.questions?.[0]?.question ?? '';
  const trimmed = text.trim();
  return hasPrefix(trimmed) ? trimmed.slice(HANDOFF_PREFIX.length).trim() : trimmed;
}

/** The `question` tool input an agent sends to hand the browser to a human (tests, docs, custom agents). */
export function handoffQuestion(reason: string): { questions: QuestionInfo[] } {
  return {
    questions: [
      {
        header: HANDOFF_HEADER,
        question: reason,
        options: [
          { label: HANDOFF_DONE, description: 'I did it; continue from the current page' },
          { label: HANDOFF_FAILED, description: 'I could not do it' },
        ],
      },
    ],
  };
}

/** The answers `completeHandoff` sends: `[["Done"]]`, or `[["Couldn't", note]]` with a note. */
export function handoffAnswers(result: HandoffResult, note?: string): string[][] {
  const label = result === 'done' ? HANDOFF_DONE : HANDOFF_FAILED;
  const extra = note?.trim();
  return [extra ? [label, extra] : [label]];
}

/**
 * A snippet for AGENTS.md (or an agent prompt) that teaches a real model the hand-off shape.
 * Kept here so docs and the recognising code cannot drift apart.
 */
export const HANDOFF_INSTRUCTIONS = `## Handing the browser to the human
You share the browser with a human. When you need them to do something in it that you cannot or
must not do (log in, solve a CAPTCHA, enter a 2FA code or a payment, confirm something personal),
call the \`question\` tool with exactly one question whose header is "${HANDOFF_HEADER}", whose
question says what you need and why (one sentence), and with the options "${HANDOFF_DONE}" and
"${HANDOFF_FAILED}". Do not use the browser until it returns. The answer is "${HANDOFF_DONE}" (continue
from the page as it is now; take a snapshot first) or "${HANDOFF_FAILED}", possibly followed by a note
from the human. While the human drives, your browser actions wait for them to hand back.`;
