// The web UI's build: index.html at the project root is the entry, the result goes to dist/web,
// which the server serves (with a fallback to index.html for client routes). In development the
// Vite server forwards /api to the Bank's server on port 3000.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist/web',
    emptyOutDir: true,
    // Pages are split per route (React.lazy); the entry carries only the shell.
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
});
