import { css } from 'lit';

export default css`
  :host {
    --_bg: var(--oc-cobrowser-background, #111);
    --_fg: var(--oc-color-text, #1b1b1f);
    --_surface: var(--oc-color-surface, #fff);
    --_border: var(--oc-color-border, #d0d0d7);
    --_accent: var(--oc-color-accent, #2f5bd3);
    --_on-accent: var(--oc-color-on-accent, #fff);
    --_radius: var(--oc-radius, 6px);
    --_font: var(--oc-font-family, system-ui, sans-serif);
    --_font-size: var(--oc-font-size, 14px);
    --_overlay-bg: var(--oc-cobrowser-overlay-background, rgb(0 0 0 / 0.6));
    --_overlay-fg: var(--oc-cobrowser-overlay-color, #fff);
    --_focus: var(--oc-focus-ring, 2px solid var(--_accent));
    --_agent-bg: var(--oc-cobrowser-agent-background, rgb(47 91 211 / 0.92));
    --_agent-fg: var(--oc-cobrowser-agent-color, #fff);
    display: block;
    position: relative;
    font-family: var(--_font);
    font-size: var(--_font-size);
    color: var(--_fg);
    min-height: 200px;
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    display: flex;
    flex-direction: column;
    height: 100%;
    min-height: inherit;
    background: var(--_surface);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    overflow: hidden;
  }
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
    align-items: center;
    padding: 0.4em 0.6em;
    border-bottom: 1px solid var(--_border);
  }
  .status {
    font-weight: 600;
    margin-inline-end: auto;
  }
  .connection {
    opacity: 0.75;
  }
  button,
  select {
    font: inherit;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    color: inherit;
    padding: 0.25em 0.7em;
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  button:focus-visible,
  select:focus-visible {
    outline: var(--_focus);
    outline-offset: 1px;
  }
  .screen {
    position: relative;
    flex: 1 1 auto;
    min-height: 160px;
    background: var(--_bg);
    overflow: hidden;
    outline: none;
    touch-action: auto;
  }
  .screen:focus-visible {
    outline: var(--_focus);
    outline-offset: -2px;
  }
  .screen[data-scale='1:1'] {
    overflow: auto;
  }
  .screen.driving {
    touch-action: none;
    cursor: none;
  }
  .stage {
    position: relative;
  }
  .video,
  .frozen-frame {
    position: absolute;
    display: block;
    background: #000;
    object-fit: fill;
    pointer-events: none;
  }
  .frozen-frame {
    z-index: 1;
  }
  .cursor {
    position: absolute;
    z-index: 2;
    pointer-events: none;
    image-rendering: pixelated;
  }
  .keyboard {
    position: absolute;
    left: 0;
    top: 0;
    width: 1px;
    height: 1px;
    opacity: 0;
    border: 0;
    padding: 0;
    resize: none;
    pointer-events: none;
  }
  .overlay {
    position: absolute;
    inset: 0;
    z-index: 3;
    display: grid;
    place-items: center;
    text-align: center;
    padding: 1em;
    background: var(--_overlay-bg);
    color: var(--_overlay-fg);
    pointer-events: none;
  }
  .requests,
  .notice {
    position: absolute;
    z-index: 4;
    top: 0.5em;
    left: 50%;
    transform: translateX(-50%);
    display: flex;
    flex-direction: column;
    gap: 0.3em;
    padding: 0.4em 0.7em;
    border-radius: var(--_radius);
    background: var(--_surface);
    color: var(--_fg);
    box-shadow: 0 2px 8px rgb(0 0 0 / 0.3);
  }
  .stats {
    position: absolute;
    z-index: 4;
    right: 0.5em;
    bottom: 0.5em;
    margin: 0;
    padding: 0.3em 0.6em;
    font: 12px/1.4 ui-monospace, monospace;
    background: rgb(0 0 0 / 0.7);
    color: #fff;
    border-radius: var(--_radius);
    pointer-events: none;
  }
  .stats dt {
    display: inline;
  }
  .stats dd {
    display: inline;
    margin: 0 0.6em 0 0.2em;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  .privacy {
    display: inline-flex;
    align-items: center;
    gap: 0.3em;
    cursor: pointer;
  }
  .banner {
    display: grid;
    gap: 0.4em;
    padding: 0.4em 0.6em;
    border-bottom: 1px solid var(--_border);
  }
  .waiting {
    list-style: none;
    margin: 0;
    padding: 0;
    display: grid;
    gap: 0.3em;
  }
  .waiting li {
    display: flex;
    flex-wrap: wrap;
    gap: 0.4em;
    align-items: center;
  }
  .agent-action {
    position: absolute;
    z-index: 3;
    left: 0.5em;
    top: 0.5em;
    max-width: calc(100% - 1em);
    padding: 0.3em 0.7em;
    border-radius: var(--_radius);
    background: var(--_agent-bg);
    color: var(--_agent-fg);
    pointer-events: none;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
  }
  .agent-action[data-mode='paused'] {
    opacity: 0.85;
  }
  .agent-label {
    font-weight: 600;
  }
`;
