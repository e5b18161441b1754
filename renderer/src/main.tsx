// First, on purpose: see startup-request.ts.
import { startupRequest } from './startup-request';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import './styles.css';

const root = document.getElementById('root');
if (!root) throw new Error('Gloss: the page has no #root element.');
createRoot(root).render(
  <StrictMode>
    <App startup={startupRequest} />
  </StrictMode>,
);
