import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { applyRoleColours } from './lib/palette';

async function start() {
  // The browser harness (`npm run mock`) fakes the Tauri side; production builds never
  // take this branch, so the mock is not in `dist`.
  if (import.meta.env.MODE === 'mock' && !('__TAURI_INTERNALS__' in window)) {
    await import('../dev/mock');
  }
  applyRoleColours(document.documentElement);
  mount(App, { target: document.getElementById('app')! });
}

start();
