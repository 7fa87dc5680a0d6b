// @oc-elements/core: the opencode connection, state stores, neko client and control arbitration.
export * from './opencode/auth.js';
export * from './opencode/problem.js';
export * from './opencode/http.js';
export * from './opencode/client.js';
export * from './opencode/connection.js';
export * from './opencode/events.js';
export * from './opencode/state.js';
export * from './opencode/reducer.js';
export * from './opencode/store.js';
export * from './opencode/sse.js';
export * from './opencode/ids.js';
export * from './opencode/selectors.js';
export * from './neko/index.js';
export * from './arbitration/index.js';
