import type { StorybookConfig } from '@storybook/web-components-vite';

const config: StorybookConfig = {
  stories: ['../stories/**/*.stories.ts'],
  framework: '@storybook/web-components-vite',
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  async viteFinal(config) {
    // Resolve our workspace packages to their TypeScript sources, like the tests do.
    config.resolve = { ...config.resolve, conditions: ['source', 'browser', 'module', 'import', 'default'] };
    return config;
  },
};
export default config;
