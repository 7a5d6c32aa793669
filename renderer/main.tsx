import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.js';
import { KioskClientContext, createKioskClient } from './bridge.js';
import './styles.css';
import './session.css';

const container = document.getElementById('root');
if (container === null) throw new Error('index.html has no #root');

const client = createKioskClient();
createRoot(container).render(
  <StrictMode>
    <KioskClientContext value={client}>
      <App />
    </KioskClientContext>
  </StrictMode>,
);
