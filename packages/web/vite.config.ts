import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// `npm run dev -w @rempart/web` serves the app with hot reload and forwards the API to a
// running `rempart serve` (default port 8080), so cookies stay same-origin.
const serverUrl = process.env.REMPART_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: false, chunkSizeWarningLimit: 1500 },
  server: { proxy: { '/api': serverUrl, '/v1': serverUrl } },
});
