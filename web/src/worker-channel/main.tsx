/** @jsxImportSource preact */
import { render } from 'preact';
import { App } from './App';
import './k.css';

// No service worker here, on purpose: a worker opens this page once or twice, from a poster
// or an SMS link, and a cached copy would only risk showing a stale form.
render(<App />, document.getElementById('root')!);
