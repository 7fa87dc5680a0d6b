// <oc-chat> in every visual state, fed from real opencode event logs recorded by `npm run record`
// (harness/fixtures). No server is needed: stories/support/replay.ts plays the log to a real
// OpencodeConnection through an in-page fetch.
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import '@oc-elements/chat/oc-chat.js';
import { OpencodeConnection } from '@oc-elements/core';
import { replayConnection, type ReplayOptions } from './support/replay.js';
import plainReply from '../harness/fixtures/plain-reply.jsonl?raw';
import reasoning from '../harness/fixtures/reasoning.jsonl?raw';
import bashPermission from '../harness/fixtures/bash-permission.jsonl?raw';
import question from '../harness/fixtures/question.jsonl?raw';
import todowrite from '../harness/fixtures/todowrite.jsonl?raw';
import retry500 from '../harness/fixtures/retry-500.jsonl?raw';
import error400 from '../harness/fixtures/error-400.jsonl?raw';
import abort from '../harness/fixtures/abort.jsonl?raw';
import writeFile from '../harness/fixtures/write-file.jsonl?raw';
import longSession from '../harness/fixtures/long-session.jsonl?raw';

interface Args {
  theme: 'auto' | 'light' | 'dark';
}

function replay(log: string, options: ReplayOptions = {}) {
  return (args: Args) => {
    const { connection, sessionID } = replayConnection(log, options);
    return html`<oc-chat style="height: 100vh" theme=${args.theme === 'auto' ? '' : args.theme} session=${sessionID} .connection=${connection}></oc-chat>`;
  };
}

/** Cuts the log right after the n-th event of a type (e.g. mid-stream after the 3rd delta). */
const after = (type: string, nth = 1): ReplayOptions['until'] => ({ type, nth });

const meta: Meta<Args> = {
  title: 'oc-chat',
  args: { theme: 'auto' },
  argTypes: { theme: { control: 'inline-radio', options: ['auto', 'light', 'dark'] } },
};
export default meta;
type Story = StoryObj<Args>;

export const StreamingReply: Story = { render: replay(plainReply, { until: after('message.part.delta', 3) }) };
export const FinishedReply: Story = { render: replay(plainReply) };
export const Reasoning: Story = { render: replay(reasoning) };
export const PermissionPrompt: Story = { render: replay(bashPermission, { until: after('permission.asked') }) };
export const ToolCompleted: Story = { render: replay(bashPermission) };
export const QuestionPrompt: Story = { render: replay(question, { until: after('question.asked') }) };
export const TodoPanel: Story = { render: replay(todowrite) };
export const RetryBanner: Story = { render: replay(retry500, { until: (e) => e.type === 'session.status' && (e.properties.status as { type: string }).type === 'retry' }) };
export const ErrorCard: Story = { render: replay(error400) };
export const Aborted: Story = { render: replay(abort) };
export const FileWriteDiff: Story = { render: replay(writeFile) };
export const LongSession: Story = { render: replay(longSession) };
export const Dark: Story = { args: { theme: 'dark' }, render: replay(bashPermission, { until: after('permission.asked') }) };

/** The alert a page shows when opencode cannot be reached. */
export const ConnectionProblem: Story = {
  render: (args) => {
    const connection = new OpencodeConnection({
      server: 'http://127.0.0.1:9',
      fetch: () => Promise.reject(new TypeError('Failed to fetch')),
      backoffInitialMs: 60_000,
    });
    return html`<oc-chat style="height: 100vh" theme=${args.theme === 'auto' ? '' : args.theme} .connection=${connection}></oc-chat>`;
  },
};
