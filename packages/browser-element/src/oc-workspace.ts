import { OcWorkspace } from './workspace/workspace.component.js';

export { OcWorkspace };

OcWorkspace.define('oc-workspace');

declare global {
  interface HTMLElementTagNameMap {
    'oc-workspace': OcWorkspace;
  }
}
