// `cem analyze` config: builds custom-elements.json from the JSDoc on the element classes
// (@event, @csspart, @cssproperty, @summary and the documented properties).
export default {
  globs: ['src/**/*.component.ts', 'src/handoff/handoff-card.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/test-support.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
  packagejson: true,
  plugins: [
    {
      // Tags are registered in src/oc-*.ts (`OcChat.define('oc-chat')`), not with a decorator,
      // so tell the analyzer which class it names.
      name: 'oc-tag-names',
      packageLinkPhase({ customElementsManifest }) {
        const tags = { OcChat: 'oc-chat', OcHandoffCard: 'oc-handoff-card' };
        for (const mod of customElementsManifest.modules ?? []) {
          // Only the element classes are API; helper functions and locals are not.
          mod.declarations = (mod.declarations ?? []).filter((d) => d.kind === 'class');
          mod.exports = (mod.exports ?? []).filter((e) => mod.declarations.some((d) => d.name === e.declaration?.name));
          for (const decl of mod.declarations ?? []) {
            if (decl.kind === 'class' && tags[decl.name]) {
              decl.tagName = tags[decl.name];
              decl.customElement = true;
              mod.exports = [...(mod.exports ?? []), { kind: 'custom-element-definition', name: tags[decl.name], declaration: { name: decl.name, module: mod.path } }];
            }
          }
        }
      },
    },
  ],
};
