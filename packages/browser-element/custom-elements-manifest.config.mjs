import { elementManifestConfig } from '../../custom-elements-manifest.shared.mjs';

export default elementManifestConfig({
  globs: ['src/**/*.component.ts'],
  tags: { OcCobrowser: 'oc-cobrowser', OcWorkspace: 'oc-workspace' },
});
