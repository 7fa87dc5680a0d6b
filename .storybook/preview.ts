import type { Preview } from '@storybook/web-components-vite';

const preview: Preview = {
  parameters: { layout: 'fullscreen', controls: { expanded: true } },
};
export default preview;
