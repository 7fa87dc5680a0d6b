import { OcCobrowser } from './cobrowser/cobrowser.component.js';

export { OcCobrowser };
export { defaultCobrowserStrings, type OcCobrowserStrings } from './cobrowser/strings.js';
export * from './events/events.js';

OcCobrowser.define('oc-cobrowser');

declare global {
  interface HTMLElementTagNameMap {
    'oc-cobrowser': OcCobrowser;
  }
}
