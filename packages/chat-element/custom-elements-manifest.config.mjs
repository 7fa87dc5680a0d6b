import { elementManifestConfig } from '../../custom-elements-manifest.shared.mjs';

export default elementManifestConfig({
  globs: ['src/**/*.component.ts', 'src/handoff/handoff-card.ts'],
  tags: { OcChat: 'oc-chat', OcHandoffCard: 'oc-handoff-card' },
});
