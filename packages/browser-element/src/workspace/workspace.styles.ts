import { css } from 'lit';

export default css`
  :host {
    --_gap: var(--oc-workspace-gap, 0.5rem);
    --_chat-width: var(--oc-workspace-chat-width, minmax(300px, 2fr));
    --_browser-width: var(--oc-workspace-browser-width, 3fr);
    --_stacked-chat-height: var(--oc-workspace-stacked-chat-height, 420px);
    --_stacked-browser-height: var(--oc-workspace-stacked-browser-height, 420px);
    display: block;
    height: var(--oc-workspace-height, 640px);
    font-family: var(--oc-font-family, system-ui, sans-serif);
    box-sizing: border-box;
  }
  :host([hidden]) {
    display: none;
  }
  .base {
    /* The layout answers to the element's own width, not the viewport's. */
    container: oc-workspace / inline-size;
    height: 100%;
    overflow: auto;
  }
  .layout {
    display: grid;
    grid-template-columns: var(--_chat-width) var(--_browser-width);
    grid-template-rows: 100%;
    gap: var(--_gap);
    height: 100%;
  }
  .layout > * {
    min-width: 0;
    min-height: 0;
  }
  oc-chat,
  oc-cobrowser {
    height: 100%;
  }
  @container oc-workspace (max-width: 760px) {
    .layout {
      grid-template-columns: 100%;
      grid-template-rows: var(--_stacked-chat-height) var(--_stacked-browser-height);
      height: auto;
    }
  }
`;
