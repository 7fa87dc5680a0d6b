import { css } from 'lit';

/** The dark palette, used by `theme="dark"` and by `prefers-color-scheme: dark`. */
const dark = css`
    --_bg: var(--oc-color-background, #15171c);
    --_surface: var(--oc-color-surface, #1e2128);
    --_fg: var(--oc-color-text, #e6e8ec);
    --_muted: var(--oc-color-muted, #a3aab7);
    --_border: var(--oc-color-border, #343945);
    --_accent: var(--oc-color-accent, #8fb0ff);
    --_accent-fg: var(--oc-color-accent-text, #0c1633);
    --_danger: var(--oc-color-danger, #ffb4ab);
    --_ok: var(--oc-color-success, #7ee2a0);
    --_warn-bg: var(--oc-color-warning-background, #3d3212);
    --_user-bg: var(--oc-color-user-bubble, #25324f);
    --_add: var(--oc-color-diff-add, #12361f);
    --_del: var(--oc-color-diff-remove, #4a1a1a);
    --_tok-keyword: var(--oc-color-token-keyword, #d7a0ff);
    --_tok-string: var(--oc-color-token-string, #8fe0a8);
    --_tok-comment: var(--oc-color-token-comment, #9aa3ad);
    --_tok-number: var(--oc-color-token-number, #ffc285);
    color-scheme: dark;
`;

/**
 * Public tokens are `--oc-*` (set them on `oc-chat` or any ancestor); each is read once into a
 * private `--_*` variable on `:host`, and rules only read the private ones. Light by default, dark
 * with `prefers-color-scheme: dark` unless `theme="light"`, and always with `theme="dark"`.
 */
export default css`
  :host {
    --_bg: var(--oc-color-background, #ffffff);
    --_surface: var(--oc-color-surface, #f5f6f8);
    --_fg: var(--oc-color-text, #1b1d22);
    --_muted: var(--oc-color-muted, #5b6270);
    --_border: var(--oc-color-border, #d9dde3);
    --_accent: var(--oc-color-accent, #2458d6);
    --_accent-fg: var(--oc-color-accent-text, #ffffff);
    --_danger: var(--oc-color-danger, #b3261e);
    --_ok: var(--oc-color-success, #1a7f37);
    --_warn-bg: var(--oc-color-warning-background, #fff4d6);
    --_user-bg: var(--oc-color-user-bubble, #e8eefc);
    --_add: var(--oc-color-diff-add, #e6ffec);
    --_del: var(--oc-color-diff-remove, #ffebe9);
    --_radius: var(--oc-radius, 8px);
    --_font: var(--oc-font-family, system-ui, -apple-system, 'Segoe UI', sans-serif);
    --_mono: var(--oc-font-mono, ui-monospace, 'SFMono-Regular', Menlo, Consolas, monospace);
    --_size: var(--oc-font-size, 14px);
    --_gap: var(--oc-spacing, 8px);
    --_tok-keyword: var(--oc-color-token-keyword, #8b2bb9);
    --_tok-string: var(--oc-color-token-string, #0b7a3b);
    --_tok-comment: var(--oc-color-token-comment, #6a737d);
    --_tok-number: var(--oc-color-token-number, #b35900);

    display: flex;
    flex-direction: column;
    box-sizing: border-box;
    height: var(--oc-height, 100%);
    min-height: 320px;
    color: var(--_fg);
    background: var(--_bg);
    font: var(--_size) / 1.5 var(--_font);
    color-scheme: light;
    container-type: inline-size;
  }
  :host([hidden]) {
    display: none;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${dark}
    }
  }
  :host([theme='dark']) {
    ${dark}
  }

  *,
  *::before,
  *::after {
    box-sizing: border-box;
  }
  button,
  input,
  select,
  textarea {
    font: inherit;
    color: inherit;
  }
  button {
    cursor: pointer;
    border: 1px solid var(--_border);
    background: var(--_surface);
    border-radius: calc(var(--_radius) - 2px);
    padding: 2px 10px;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-fg);
  }
  button.danger {
    color: var(--_danger);
  }
  button.link {
    border: none;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
    padding: 0;
  }
  button:disabled {
    opacity: 0.55;
    cursor: default;
  }
  :focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .mono,
  pre,
  code {
    font-family: var(--_mono);
    font-size: 0.92em;
  }
  .muted {
    color: var(--_muted);
  }

  header[part~='header'] {
    display: flex;
    align-items: center;
    gap: var(--_gap);
    padding: var(--_gap);
    border-bottom: 1px solid var(--_border);
    flex-wrap: wrap;
  }
  .session-heading {
    flex: 1;
    min-width: 0;
    margin: 0;
    font-size: 1em;
    font-weight: 600;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .usage {
    color: var(--_muted);
    font-size: 0.85em;
  }
  [role='alert'].problem {
    margin: var(--_gap);
    padding: var(--_gap);
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    color: var(--_danger);
    background: var(--_surface);
  }
  .connecting {
    margin: var(--_gap);
    color: var(--_muted);
  }
  .body {
    display: flex;
    flex: 1;
    min-height: 0;
  }
  .sessions {
    flex: 0 0 clamp(200px, 32%, 300px);
    border-right: 1px solid var(--_border);
    overflow: auto;
    padding: var(--_gap);
  }
  .body.list-only .sessions {
    flex: 1;
    border-right: none;
  }
  /* Narrow containers: the open session list replaces the transcript instead of sitting beside it. */
  @container (max-width: 560px) {
    .body.with-list .main {
      display: none;
    }
    .body.with-list .sessions {
      flex: 1;
      border-right: none;
    }
  }
  .sessions-header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: var(--_gap);
  }
  .sessions-header h2 {
    font-size: 1em;
    margin: 0;
  }
  .session-list {
    list-style: none;
    margin: var(--_gap) 0 0;
    padding: 0;
  }
  .session-item {
    display: flex;
    gap: 4px;
    align-items: center;
    padding: 2px 0;
  }
  .session-button {
    flex: 1;
    min-width: 0;
    text-align: left;
    border: none;
    background: none;
    display: flex;
    flex-direction: column;
  }
  .session-button .muted {
    font-size: 0.85em;
  }
  .session-item > button:not(.session-button) {
    font-size: 0.85em;
    padding: 0 6px;
  }
  .session-item[data-current] .session-button {
    background: var(--_surface);
  }
  .session-title {
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  [part~='session-status'][data-busy='true'] {
    color: var(--_accent);
  }
  .inline-form {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
    align-items: center;
    width: 100%;
  }
  .inline-form input {
    flex: 1;
    min-width: 0;
  }

  .main {
    flex: 1;
    display: flex;
    flex-direction: column;
    min-width: 0;
    position: relative;
  }
  .log {
    flex: 1;
    overflow-y: auto;
    padding: var(--_gap) calc(var(--_gap) * 1.5);
    overscroll-behavior: contain;
  }
  .turn {
    margin-bottom: calc(var(--_gap) * 2);
    /* Off-screen turns skip layout and paint: long sessions stay cheap while the last one streams. */
    content-visibility: auto;
    contain-intrinsic-size: auto 160px;
  }
  .message.user {
    display: flex;
    flex-direction: column;
    align-items: flex-end;
  }
  .bubble {
    background: var(--_user-bg);
    border-radius: var(--_radius);
    padding: 6px 10px;
    max-width: 85%;
    overflow-wrap: anywhere;
  }
  .user-text {
    white-space: pre-wrap;
  }
  .message-actions {
    display: flex;
    gap: 4px;
    font-size: 0.85em;
    margin-top: 2px;
  }
  .message-actions button {
    border: none;
    background: none;
    color: var(--_muted);
    padding: 0 4px;
  }
  .message.assistant {
    margin-top: var(--_gap);
  }
  .md > :first-child {
    margin-top: 0;
  }
  .md,
  .plain {
    overflow-wrap: anywhere;
  }
  .plain {
    white-space: pre-wrap;
  }
  .md a {
    color: var(--_accent);
  }
  .md img {
    max-width: 100%;
  }
  .md table {
    border-collapse: collapse;
  }
  .md td,
  .md th {
    border: 1px solid var(--_border);
    padding: 2px 6px;
  }
  .code-block {
    position: relative;
  }
  .code-block pre,
  pre.output,
  pre.command,
  pre.diff {
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--_gap);
    overflow: auto;
    max-height: 420px;
    white-space: pre;
  }
  .copy-code {
    position: absolute;
    top: 4px;
    right: 4px;
    font-size: 0.8em;
  }
  .tok-keyword {
    color: var(--_tok-keyword);
  }
  .tok-string {
    color: var(--_tok-string);
  }
  .tok-comment {
    color: var(--_tok-comment);
    font-style: italic;
  }
  .tok-number {
    color: var(--_tok-number);
  }
  .reasoning,
  .explore {
    color: var(--_muted);
    margin: 4px 0;
  }
  .tool {
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: 6px var(--_gap);
    margin: 6px 0;
  }
  .tool[data-status='error'] {
    border-color: var(--_danger);
  }
  .tool-header {
    display: flex;
    gap: var(--_gap);
    align-items: baseline;
    flex-wrap: wrap;
  }
  .tool-name {
    font-weight: 600;
  }
  .tool-subject {
    flex: 1;
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .tool-status {
    font-size: 0.8em;
    color: var(--_muted);
  }
  .tool-status[data-status='completed'] {
    color: var(--_ok);
  }
  .tool-status[data-status='error'],
  .tool-error,
  .exit {
    color: var(--_danger);
  }
  pre.command,
  pre.output {
    margin: 4px 0;
    white-space: pre-wrap;
  }
  .diff .add {
    background: var(--_add);
  }
  .diff .del {
    background: var(--_del);
  }
  .diff .hunk,
  .diff .meta {
    color: var(--_muted);
  }
  .permission,
  .question {
    border: 1px solid var(--_accent);
    border-radius: var(--_radius);
    padding: var(--_gap);
    margin: 6px 0;
    background: var(--_surface);
  }
  .prompt-title {
    font-weight: 600;
  }
  .question fieldset {
    border: none;
    margin: 0 0 var(--_gap);
    padding: 0;
  }
  .question legend {
    padding: 0;
    margin-bottom: 4px;
  }
  .option {
    display: flex;
    gap: 6px;
    align-items: baseline;
  }
  .option small {
    color: var(--_muted);
  }
  .field {
    display: flex;
    flex-direction: column;
    gap: 2px;
    margin: 6px 0;
  }
  .actions {
    display: flex;
    gap: 6px;
    flex-wrap: wrap;
  }
  .error-card {
    border: 1px solid var(--_danger);
    border-radius: var(--_radius);
    padding: var(--_gap);
    margin: 6px 0;
  }
  .error-card p {
    margin: 4px 0;
  }
  .badge {
    display: inline-block;
    font-size: 0.8em;
    color: var(--_muted);
    border: 1px solid var(--_border);
    border-radius: 999px;
    padding: 0 8px;
  }
  .turn-status,
  .retry {
    display: flex;
    gap: 6px;
    align-items: center;
    color: var(--_muted);
    font-size: 0.9em;
    margin-top: 4px;
  }
  .retry {
    background: var(--_warn-bg);
    color: var(--_fg);
    border-radius: var(--_radius);
    padding: 4px var(--_gap);
  }
  .spinner {
    width: 10px;
    height: 10px;
    border-radius: 50%;
    border: 2px solid var(--_muted);
    border-top-color: transparent;
    animation: spin 0.9s linear infinite;
  }
  @keyframes spin {
    to {
      transform: rotate(360deg);
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .spinner {
      animation: none;
    }
  }
  .notice {
    display: flex;
    gap: var(--_gap);
    align-items: center;
    justify-content: center;
    color: var(--_muted);
    margin: var(--_gap) 0;
  }
  .arbitration-event {
    display: flex;
    gap: 6px;
    align-items: center;
    justify-content: center;
    color: var(--_muted);
    font-size: 0.85em;
    margin: 6px 0;
  }
  .arbitration-event::before,
  .arbitration-event::after {
    content: '';
    flex: 1 1 0;
    border-top: 1px dashed var(--_border);
  }
  .arbitration-event time {
    font-variant-numeric: tabular-nums;
  }
  oc-handoff-card {
    margin: 6px 0;
  }
  .load-earlier {
    display: block;
    margin: 0 auto var(--_gap);
  }
  .jump {
    position: absolute;
    bottom: calc(100% + 8px);
    left: 50%;
    transform: translateX(-50%);
    border-radius: 999px;
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.2);
  }
  .todos {
    border-top: 1px solid var(--_border);
    padding: 4px calc(var(--_gap) * 1.5);
    max-height: 30%;
    overflow: auto;
  }
  .todos ul {
    margin: 0;
    padding-left: 1.2em;
  }
  .todos li[data-status='completed'] {
    text-decoration: line-through;
    color: var(--_muted);
  }
  .todos li[data-status='in_progress'] {
    font-weight: 600;
  }
  .footer {
    position: relative;
  }
  .composer {
    display: flex;
    flex-direction: column;
    gap: 6px;
    padding: var(--_gap);
    border-top: 1px solid var(--_border);
    position: relative;
  }
  .drop-hint {
    position: absolute;
    inset: 0;
    display: grid;
    place-items: center;
    background: color-mix(in srgb, var(--_bg) 85%, transparent);
    color: var(--_accent);
    font-weight: 600;
    pointer-events: none;
    z-index: 1;
  }
  .composer.dragging {
    outline: 2px dashed var(--_accent);
    outline-offset: -4px;
  }
  .composer textarea {
    width: 100%;
    resize: vertical;
    min-height: 2.8em;
    max-height: 40vh;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_bg);
    padding: 6px var(--_gap);
  }
  .toolbar {
    display: flex;
    gap: 6px;
    align-items: center;
    flex-wrap: wrap;
  }
  .toolbar select {
    max-width: 12em;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) - 2px);
  }
  .spacer {
    flex: 1;
  }
  .chips {
    display: flex;
    flex-wrap: wrap;
    gap: 4px;
  }
  .chip {
    font-size: 0.85em;
    border: 1px solid var(--_border);
    border-radius: 999px;
    padding: 0 8px;
    background: var(--_surface);
  }
  .thumb {
    max-width: 160px;
    max-height: 120px;
    border-radius: calc(var(--_radius) - 2px);
    border: 1px solid var(--_border);
  }
  .chip-remove {
    border: none;
    background: none;
    padding: 0 2px;
  }
  .composer-error {
    color: var(--_danger);
    font-size: 0.9em;
  }
  .popover {
    position: absolute;
    bottom: 100%;
    left: var(--_gap);
    right: var(--_gap);
    max-height: 240px;
    overflow: auto;
    margin: 0;
    padding: 4px;
    list-style: none;
    background: var(--_bg);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    box-shadow: 0 4px 16px rgb(0 0 0 / 0.15);
    z-index: 2;
  }
  .popover li {
    padding: 2px 6px;
    border-radius: 4px;
    cursor: pointer;
  }
  .popover li[aria-selected='true'] {
    background: var(--_user-bg);
  }
  .popover li {
    white-space: nowrap;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .popover small {
    color: var(--_muted);
  }
  .readonly-note {
    display: flex;
    gap: var(--_gap);
    align-items: center;
    padding: var(--_gap);
    border-top: 1px solid var(--_border);
    color: var(--_muted);
  }
`;
