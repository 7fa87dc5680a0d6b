// Shared `cem analyze` config of the element packages: custom-elements.json from the JSDoc on the
// element classes (@summary, @event, @csspart, @cssproperty, @dependency, documented properties).
// Tags are registered in src/oc-*.ts (`OcX.define('oc-x')`), not with a decorator, so each package
// says which class names which tag.
export function elementManifestConfig({ globs, tags }) {
  return {
    globs,
    exclude: ['src/**/*.test.ts', 'src/**/test-support.ts'],
    outdir: '.',
    litelement: true,
    dependencies: false,
    packagejson: true,
    plugins: [
      {
        name: 'oc-tag-names',
        packageLinkPhase({ customElementsManifest }) {
          for (const mod of customElementsManifest.modules ?? []) {
            // Only the element classes are API; helper functions and locals are not.
            mod.declarations = (mod.declarations ?? []).filter((d) => d.kind === 'class');
            mod.exports = (mod.exports ?? []).filter((e) => mod.declarations.some((d) => d.name === e.declaration?.name));
            for (const decl of mod.declarations) {
              if (!tags[decl.name]) continue;
              decl.tagName = tags[decl.name];
              decl.customElement = true;
              decl.members = (decl.members ?? []).filter((m) => m.privacy !== 'private' && !m.name.startsWith('#'));
              mod.exports.push({ kind: 'custom-element-definition', name: tags[decl.name], declaration: { name: decl.name, module: mod.path } });
            }
          }
        },
      },
    ],
  };
}
