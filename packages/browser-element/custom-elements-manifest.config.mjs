// `cem analyze` config: builds custom-elements.json from the JSDoc on the element classes
// (@event, @csspart, @cssproperty, @summary, @dependency and the documented properties).
export default {
  globs: ['src/**/*.component.ts'],
  exclude: ['src/**/*.test.ts'],
  outdir: '.',
  litelement: true,
  dependencies: false,
  packagejson: true,
  plugins: [
    {
      // Tags are registered in src/oc-*.ts (`OcX.define('oc-x')`), not with a decorator, so tell the
      // analyzer which class each names.
      name: 'oc-tag-names',
      packageLinkPhase({ customElementsManifest }) {
        const tags = { OcCobrowser: 'oc-cobrowser', OcWorkspace: 'oc-workspace' };
        for (const mod of customElementsManifest.modules ?? []) {
          // Only the element classes are API; helper functions and locals are not.
          mod.declarations = (mod.declarations ?? []).filter((d) => d.kind === 'class');
          mod.exports = (mod.exports ?? []).filter((e) => mod.declarations.some((d) => d.name === e.declaration?.name));
          for (const decl of mod.declarations) {
            if (!tags[decl.name]) continue;
            decl.tagName = tags[decl.name];
            decl.customElement = true;
            // Private/internal members are not API.
            decl.members = (decl.members ?? []).filter((m) => m.privacy !== 'private' && !m.name.startsWith('#'));
            mod.exports.push({ kind: 'custom-element-definition', name: tags[decl.name], declaration: { name: decl.name, module: mod.path } });
          }
        }
      },
    },
  ],
};
